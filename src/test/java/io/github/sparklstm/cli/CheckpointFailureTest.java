package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.distributed.training.Checkpoint;
import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.run.Failures;
import io.github.sparklstm.storage.HadoopStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint writes that fail (disk full mid-file, directory not writable): the job stops with one line naming the
 * checkpoint and the cause, and the previous checkpoint is still there and loads. When no checkpoint is intact,
 * resume refuses to train on anything.
 */
class CheckpointFailureTest {

    /* The second checkpoint (round 4) is the one that fails; round 2's is written before it. */
    private static Map<String, String> faulty(String mode) {
        return Map.of("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName(),
                "spark.hadoop." + FaultyFileSystem.MARKER, "/checkpoints/.round-000000004",
                "spark.hadoop." + FaultyFileSystem.MODE, mode,
                // Hadoop caches file systems per scheme: a fresh one per run picks up this run's settings.
                "spark.hadoop.fs.faulty.impl.disable.cache", "true");
    }

    private static void assertPreviousCheckpointIntact(Path run, long round) throws Exception {
        Checkpoints checkpoints = new Checkpoints(HadoopStore.at(run.resolve("checkpoints").toString(),
                new Configuration()), 3);
        Optional<Checkpoint> latest = checkpoints.latestGood(w -> {
            throw new AssertionError("unexpected damaged checkpoint: " + w);
        });
        assertTrue(latest.isPresent());
        assertEquals(round, latest.get().round());
        assertFalse(Files.exists(run.resolve("summary.json")));
        assertFalse(Files.exists(run.resolve("model")));
    }

    @Test
    void diskFullDuringACheckpoint(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(faulty("full"), JobHarness.small(run, "train.workers=2")
                .stream().map(a -> a.startsWith("output=") ? "output=faulty://" + run : a).toList());
        assertEquals(Failures.EXIT_IO, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("round-000000004: checkpoint not written"), outcome.err());
        assertTrue(outcome.err().contains("No space left on device"), outcome.err());
        assertTrue(outcome.err().contains("previous checkpoint is intact"), outcome.err());
        outcome.error();
        assertPreviousCheckpointIntact(run, 2);
    }

    @Test
    void checkpointDirectoryNotWritable(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(faulty("denied"), JobHarness.small(run, "train.workers=2")
                .stream().map(a -> a.startsWith("output=") ? "output=faulty://" + run : a).toList());
        assertEquals(Failures.EXIT_IO, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("Permission denied"), outcome.err());
        assertPreviousCheckpointIntact(run, 2);
    }

    @Test
    void halfWrittenCheckpointsOfAKilledDriverAreRemovedOnTheNextSave(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "2"),
                JobHarness.small(run, "train.workers=2")).exitCode());
        // What a SIGKILL between mkdir and rename leaves: a hidden directory with part of a state file.
        Path leftover = Files.createDirectories(run.resolve("checkpoints/.round-000000003.tmp-killed"));
        Files.write(leftover.resolve("state.safetensors"), new byte[] {1, 2, 3});
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, "train.workers=2", "--resume"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertFalse(Files.exists(leftover), "the half-written checkpoint is still there");
    }

    @Test
    void resumeRefusesWhenNoCheckpointIsIntact(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "5"),
                JobHarness.small(run, "train.workers=2")).exitCode());
        try (var checkpoints = Files.list(run.resolve("checkpoints"))) {
            for (Path checkpoint : checkpoints.toList()) {
                Path state = checkpoint.resolve("state.safetensors");
                byte[] bytes = Files.readAllBytes(state);
                bytes[bytes.length - 1] ^= 1; // one flipped bit in the last parameter
                Files.write(state, bytes);
            }
        }
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, "train.workers=2", "--resume"));
        assertEquals(Failures.EXIT_IO, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("no intact checkpoint"), outcome.err());
        assertTrue(outcome.err().contains("sha256 does not match"), outcome.err());
        assertFalse(Files.exists(run.resolve("model")));
    }
}
