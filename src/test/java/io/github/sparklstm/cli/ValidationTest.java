package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model selection without the test set: a validation set held out of the training data, validations logged, the
 * best parameters kept, early stopping, and stopping sooner with the schedule of the full run.
 */
class ValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode summary(Path run) throws Exception {
        return JSON.readTree(run.resolve("summary.json").toFile());
    }

    private static long validations(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"validation\"")).count();
    }

    @Test
    void aHeldOutShareIsValidatedAfterEachEpochTheSameWayEachRun(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(first, "train.workers=3",
                "data.validationFraction=0.2"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        String line = outcome.out().lines().filter(l -> l.startsWith("validation:")).findFirst().orElseThrow();
        int held = Integer.parseInt(line.replaceAll("validation: (\\d+) examples.*", "$1"));
        int trained = Integer.parseInt(line.replaceAll(".*training on (\\d+)\\).*", "$1"));
        assertEquals(1500, held + trained, line);
        assertEquals(300, held, 40);
        assertEquals(2, validations(first));
        assertTrue(summary(first).has("validation_accuracy"));

        // The same split on one partition: the held-out examples do not depend on the partitioning.
        Path one = dir.resolve("one");
        JobHarness.Outcome single = JobHarness.run(JobHarness.small(one, "train.workers=1",
                "data.validationFraction=0.2"));
        assertTrue(single.out().contains(line), single.out());
        assertEquals(summary(first).path("validation_examples").asLong(),
                summary(one).path("validation_examples").asLong());

        // One worker averaging every step is still the single-process trainer, validation included.
        Path spark = dir.resolve("spark");
        Path alone = dir.resolve("alone");
        List<String> setup = List.of("data.validationFraction=0.2", "train.keep=best");
        assertEquals(0, JobHarness.run(JobHarness.small(spark, concat(setup, "train.workers=1",
                "train.averagingFrequency=1"))).exitCode());
        assertEquals(0, JobHarness.run(JobHarness.small(alone, concat(setup, "--single-process"))).exitCode());
        assertEquals(JobHarness.modelDigest(spark), JobHarness.modelDigest(alone));
        // Evaluated in batches of another size (eval.batchSize against the training batch): BLAS may round apart.
        assertEquals(summary(spark).path("validation_loss").asDouble(),
                summary(alone).path("validation_loss").asDouble(), 1e-8);
    }

    private static String[] concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void earlyStoppingStopsAndTheBestIsTheModelOfItsEpoch(@TempDir Path dir) throws Exception {
        String[] setup = {"train.workers=3", "data.validationFraction=0.2", "train.epochs=40",
            "train.learningRate=0.05", "train.schedule=constant", "train.earlyStopping.patience=2", "train.keep=best"};
        Path run = dir.resolve("stopped");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, setup));
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode summary = summary(run);
        int epochs = summary.path("epochs").asInt();
        int best = summary.path("best_epoch").asInt();
        assertTrue(epochs < 40, "did not stop early: " + summary);
        assertEquals(best + 2, epochs, "patience 2: two validations after the best");
        assertTrue(summary.path("stop_reason").asText().startsWith("early stopping: validation loss"),
                summary.toString());
        assertEquals("best", summary.path("kept").asText());

        // The best parameters are those of its epoch: the same run told to stop there keeps its last.
        Path there = dir.resolve("there");
        String[] last = setup.clone();
        last[last.length - 2] = "train.earlyStopping.patience=0";
        last[last.length - 1] = "train.stopAfterEpochs=" + best;
        assertEquals(0, JobHarness.run(JobHarness.small(there, last)).exitCode());
        assertEquals(JobHarness.modelDigest(run), JobHarness.modelDigest(there));
        assertNotEquals(JobHarness.modelDigest(run), lastOf(dir, setup), "best and last must differ here");

        // Crashed after round 9 and resumed: the checkpoint carries the selection, so the run ends the same.
        Path crashed = dir.resolve("crashed");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "9"),
                JobHarness.small(crashed, setup)).exitCode());
        List<String> resume = new java.util.ArrayList<>(JobHarness.small(crashed, setup));
        resume.add("--resume");
        JobHarness.Outcome resumed = JobHarness.run(resume);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(JobHarness.modelDigest(run), JobHarness.modelDigest(crashed));
        assertEquals(summary.path("stop_reason").asText(), summary(crashed).path("stop_reason").asText());
    }

    private static String lastOf(Path dir, String[] setup) throws Exception {
        Path run = dir.resolve("last");
        String[] last = setup.clone();
        last[last.length - 1] = "train.keep=last";
        assertEquals(0, JobHarness.run(JobHarness.small(run, last)).exitCode());
        return JobHarness.modelDigest(run);
    }

    @Test
    void aRunStoppedSoonerContinuesWhenResumedWithMore(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, JobHarness.run(JobHarness.small(whole, "train.workers=3", "train.epochs=3",
                "train.stopAfterEpochs=2")).exitCode());
        Path grown = dir.resolve("grown");
        assertEquals(0, JobHarness.run(JobHarness.small(grown, "train.workers=3", "train.epochs=3",
                "train.stopAfterEpochs=1")).exitCode());
        assertEquals(1, summary(grown).path("epochs").asInt());
        JobHarness.Outcome resumed = JobHarness.run(JobHarness.small(grown, "train.workers=3", "train.epochs=3",
                "train.stopAfterEpochs=2", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(JobHarness.modelDigest(whole), JobHarness.modelDigest(grown));
        assertEquals(2, summary(grown).path("epochs").asInt());
    }

    @Test
    void keepingTheBestNeedsAValidationSet(@TempDir Path dir) {
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(dir.resolve("run"), "train.keep=best"));
        assertEquals(Failures.EXIT_CONFIG, outcome.exitCode());
        assertTrue(outcome.err().contains("train.keep=best: needs a validation set"), outcome.err());
        assertEquals(Failures.EXIT_CONFIG, JobHarness.run(Map.of(), JobHarness.small(dir.resolve("r2"),
                "data.validationFraction=0.2", "data.validation=x")).exitCode());
    }
}
