package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bit-identical models: run to run, across a task that fails and is retried, and across a crash and resume.
 * The reference run is made once; each other run must produce the same model.safetensors bytes.
 */
class ReproducibilityTest {

    private static final String[] SETUP = {"train.workers=3"};
    private static String reference;
    private static Path referenceRun;

    @BeforeAll
    static void referenceRun(@TempDir Path dir) throws Exception {
        referenceRun = dir.resolve("reference");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(referenceRun, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        // auto takes the endpoint here, on either Spark line: the tests below hold the other paths to its bits.
        assertTrue(outcome.out().contains("rounds: long-lived tasks take them from an endpoint on the driver"),
                outcome.out());
        reference = JobHarness.modelDigest(referenceRun);
    }

    @Test
    void sameConfigSameBits(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("again");
        assertEquals(0, JobHarness.run(JobHarness.small(run, SETUP)).exitCode());
        assertEquals(reference, JobHarness.modelDigest(run));
        assertEquals(Files.readString(referenceRun.resolve("summary.json")).replaceAll("\"(wall_s|data_load_s|train_s|examples_per_s)\" : [0-9.E-]+", ""),
                Files.readString(run.resolve("summary.json")).replaceAll("\"(wall_s|data_load_s|train_s|examples_per_s)\" : [0-9.E-]+", ""));
    }

    @Test
    void theJavaSerializerGivesTheSameBitsAsKryo(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("java");
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.serializer", JobHarness.JAVA_SERIALIZER),
                JobHarness.small(run, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    /*
     * The reference trains 3 partitions on local[2]: a round runs 2 tasks, one of them training two partitions in
     * turn and summing them before they leave it. On local[3] every partition is a task of its own.
     */
    @Test
    void aRoundInFewerTasksThanPartitionsGivesTheSameBits(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("task-per-partition");
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.master", "local[3]"), JobHarness.small(run, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    @Test
    void aDifferentSeedGivesADifferentModel(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("seed");
        assertEquals(0, JobHarness.run(JobHarness.small(run, "train.workers=3", "train.seed=7")).exitCode());
        assertNotEquals(reference, JobHarness.modelDigest(run));
    }

    /*
     * Through the driver endpoint (the default here) a failed task fails the round's barrier stage, which Spark
     * runs again whole; with a Spark job per round Spark retries the one task.
     */
    @ParameterizedTest
    @ValueSource(strings = {"endpoint", "jobs"})
    void aRetriedTaskChangesNothing(String exchange, @TempDir Path dir) throws Exception {
        Path run = dir.resolve("retried");
        FailedTaskCounter.FAILED.set(0);
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.master", "local[2,4]",
                        "spark.sparklstm.test.failFirstAttemptAtRound", "3",
                        "spark.extraListeners", FailedTaskCounter.class.getName()),
                JobHarness.small(run, "train.workers=3", "averaging.exchange=" + exchange));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(1, FailedTaskCounter.FAILED.get(), "the injected failure did not happen");
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    /* The reference's rounds go through the driver endpoint; a Spark job per round gives the same model. */
    @Test
    void roundsAsSparkJobsGiveTheSameBits(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("jobs");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, "train.workers=3",
                "averaging.exchange=jobs"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("rounds: a Spark job per round (averaging.exchange=jobs)"), outcome.out());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    @Test
    void resumeAfterACrashEndsBitIdentical(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("crashed");
        JobHarness.Outcome crash = JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "5"),
                JobHarness.small(run, SETUP));
        assertEquals(1, crash.exitCode());
        assertTrue(crash.err().contains("injected stop after round 5"), crash.err());
        assertFalse(Files.exists(run.resolve("summary.json")), "a crashed run must not look finished");
        assertFalse(Files.exists(run.resolve("model")), "a crashed run must not leave a model");

        JobHarness.Outcome resumed = JobHarness.run(JobHarness.small(run, "train.workers=3", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming"), resumed.out());
        assertEquals(reference, JobHarness.modelDigest(run));
        List<Long> rounds = roundsIn(run);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), rounds);
    }

    @Test
    void resumeFromAMidEpochCheckpointEndsBitIdentical(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("mid-epoch");
        // 4 rounds per epoch, a checkpoint every 2: the newest before the crash is round 6, mid-epoch 2.
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "7"),
                JobHarness.small(run, SETUP)).exitCode());
        JobHarness.Outcome resumed = JobHarness.run(JobHarness.small(run, "train.workers=3", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("from round 6 (epoch 2"), resumed.out());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    @Test
    void aDamagedCheckpointIsReportedAndTheOneBeforeIsUsed(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("damaged");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "6"),
                JobHarness.small(run, SETUP)).exitCode());
        List<Path> checkpoints = Files.list(run.resolve("checkpoints")).filter(p -> p.getFileName().toString()
                .startsWith("round-")).sorted().toList();
        Path newest = checkpoints.get(checkpoints.size() - 1).resolve("state.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        JobHarness.Outcome resumed = JobHarness.run(JobHarness.small(run, "train.workers=3", "resume=true"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains(newest.toString()) && resumed.out().contains("sha256"), resumed.out());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    private static List<Long> roundsIn(Path run) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(m -> "round".equals(m.path("type").asText())).map(m -> m.path("round").asLong()).toList();
    }
}
