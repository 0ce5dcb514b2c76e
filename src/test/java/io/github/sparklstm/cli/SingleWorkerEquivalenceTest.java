package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.FeatureStatistics;
import io.github.sparklstm.data.ImageSequences;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.train.Trainer;
import io.github.sparklstm.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One worker averaging after every step is the single-process trainer: same data order, same learning rate at
 * each step, same optimizer state, and an average of one replica that is exactly that replica. Bit for bit.
 */
class SingleWorkerEquivalenceTest {

    @Test
    void oneWorkerAveragingEveryStepReproducesTheSingleProcessTrainer(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("spark");
        List<String> args = JobHarness.small(run, "train.workers=1", "train.averagingFrequency=1",
                "train.optimizer=adam", "train.schedule=cosine", "train.warmupSteps=5");
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        SavedModel spark = ModelFiles.read(run.resolve("model"));

        Config config = Config.load(null, args);
        ImageView view = ImageView.of("rows", 28, 28, 0);
        ImageSequences train = new ImageSequences(MnistFiles.readTrain(Path.of("data/mnist")).subset(0, 1500), view);
        ImageSequences test = new ImageSequences(MnistFiles.readTest(Path.of("data/mnist")).subset(0, 300), view);
        FeatureStatistics statistics = new FeatureStatistics(view.features());
        train.addTo(statistics);
        InputScaling scaling = statistics.pooled();
        ModelSpec spec = new ModelSpec(28, 16, 1, false, 10);
        RunSettings one = RunSettings.of(config, 1);
        TrainingSettings settings = one.singleProcess(EpochOrder.batchesPerEpoch(train.size(),
                one.steps().batchSize()));
        Trainer.Result single = Trainer.train(spec, scaling, train, test, settings, new Trainer.Listener() { });

        assertEquals(spark.format().scaling(), scaling);
        assertArrayEquals(single.replica().parameters().toFloatArray(), spark.parameters());
    }

    @Test
    void theSingleProcessCommandWritesTheSameModelBytes(@TempDir Path dir) throws Exception {
        Path spark = dir.resolve("spark");
        Path single = dir.resolve("single");
        assertEquals(0, JobHarness.run(JobHarness.small(spark, "train.workers=1", "train.averagingFrequency=1"))
                .exitCode());
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(single, "--single-process"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(JobHarness.modelDigest(spark), JobHarness.modelDigest(single));
        for (String file : List.of("config.properties", "metrics.jsonl", "summary.json", "curves.png")) {
            org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.exists(single.resolve(file)), file);
        }
    }
}
