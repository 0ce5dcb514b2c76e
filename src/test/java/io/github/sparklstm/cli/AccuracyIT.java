package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.FeatureStatistics;
import io.github.sparklstm.data.ImageSequences;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.train.Trainer;
import io.github.sparklstm.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full MNIST: the accuracy targets, measured on every CI run (many workers: jobs/scale-study.sh, not CI). */
class AccuracyIT {

    private static final Path DATA = Path.of("data/mnist");

    private static void report(String what, double accuracy, double seconds) {
        System.out.printf("ACCURACY %s: %.2f%% in %.0f s%n", what, 100 * accuracy, seconds);
    }

    @Test
    void singleProcessThreeEpochsOfAdam() throws Exception {
        ComputeThreads.limit(1);
        ImageView view = ImageView.of("rows", 28, 28, 0);
        ImageSequences train = new ImageSequences(MnistFiles.readTrain(DATA), view);
        ImageSequences test = new ImageSequences(MnistFiles.readTest(DATA), view);
        FeatureStatistics statistics = new FeatureStatistics(view.features());
        train.addTo(statistics);
        InputScaling scaling = statistics.pooled();
        ModelSpec spec = new ModelSpec(28, 128, 1, false, 10);
        TrainingSettings settings = new TrainingSettings(3, 128, OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM),
                new LearningRateSchedule.Constant(1e-3), 0, 42);
        Trainer.Result result = Trainer.train(spec, scaling, train, test, settings, new Trainer.Listener() { });
        report("single process, 3 epochs, Adam 1e-3, batch 128", result.test().accuracy(), result.seconds());
        assertEquals(3 * EpochOrder.batchesPerEpoch(60_000, 128), result.steps());
        assertTrue(result.test().accuracy() >= 0.973, "accuracy " + result.test().accuracy());
    }

    private static JsonNode train(Path output, String... settings) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("output=" + output, "log.progress=epoch"));
        args.addAll(List.of(settings));
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.master", "local[*]"), args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        return new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    }

    @Test
    void defaultConfigOnLocalSpark(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        JsonNode summary = train(dir.resolve("default"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = summary.path("test_accuracy").asDouble();
        report("default config, local Spark, " + summary.path("workers").asInt() + " workers", accuracy, seconds);
        assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
        assertTrue(seconds < 300, "took " + seconds + " s");
    }
}
