package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-finite losses are caught on the driver: the round is rolled back and retried, or the job stops cleanly. */
class DivergenceTest {

    @Test
    void aPassingNanIsRolledBackAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.sparklstm.test.nanAtRound", "3",
                "spark.sparklstm.test.nanTries", "1"), JobHarness.small(run, "train.workers=2"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("\"type\":\"divergence\",\"round\":3,\"attempt\":1,\"learning_rate_scale\":0.5"),
                metrics);
        assertFalse(metrics.contains("NaN"), "a non-finite value reached the metrics");
        assertTrue(Files.exists(run.resolve("model/model.safetensors")));
    }

    @Test
    void persistentDivergenceStopsWithAClearErrorAndSavesNothingBad(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.sparklstm.test.nanAtRound", "3"),
                JobHarness.small(run, "train.workers=2", "train.divergenceRetries=2"));
        assertEquals(Failures.EXIT_DIVERGED, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("training diverged at round 3"), outcome.err());
        assertTrue(outcome.err().contains("after 3 tries"), outcome.err());
        assertFalse(Files.exists(run.resolve("model")));
        assertFalse(Files.exists(run.resolve("summary.json")));
    }

    @Test
    void aHugeLearningRateIsCaught(@TempDir Path dir) {
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(dir.resolve("run"), "train.optimizer=sgd",
                "train.learningRate=1e5", "train.clipNorm=0", "train.divergenceRetries=1"));
        assertEquals(Failures.EXIT_DIVERGED, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("training diverged"), outcome.err());
    }
}
