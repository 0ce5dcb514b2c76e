package io.github.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-process Spark standalone cluster (a Master, two Workers, executors as separate JVMs, all
 * on 127.0.0.1), submitted through SparkSubmit: it finishes with every output, its model is bit-identical to local
 * mode with the same partition count, and it survives a SIGKILLed executor and a SIGKILLed driver (resumed)
 * without changing a bit of the result.
 */
class ClusterIT {

    /** Long enough to kill something mid-run: 3 epochs of 8 rounds on 2 partitions. */
    private static final List<String> JOB = List.of("data.path=data/mnist", "data.trainLimit=6000",
            "data.testLimit=1000", "model.hidden=32", "train.batchSize=125", "train.epochs=3",
            "train.averagingFrequency=3", "train.workers=2", "checkpoint.every=3", "log.progress=round");

    @TempDir
    static Path dir;
    private static LocalCluster cluster;
    private static String localModeDigest;

    @BeforeAll
    static void startClusterAndRunLocally() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"));
        Path local = dir.resolve("local");
        List<String> args = new ArrayList<>(JOB);
        args.add("output=" + local);
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        localModeDigest = JobHarness.modelDigest(local);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> job(Path output, String... more) {
        List<String> args = new ArrayList<>(JOB);
        args.add("output=" + output);
        args.addAll(List.of(more));
        return args;
    }

    private static int finish(Process submission, Path log) throws Exception {
        assertTrue(submission.waitFor(10, TimeUnit.MINUTES), "submission did not finish; log: " + log);
        return submission.exitValue();
    }

    private static void await(BooleanSupplier condition, String what, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; log: " + log);
            Thread.sleep(100);
        }
    }

    private static long roundsLogged(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" round ")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void submittedJobFinishesWithTheLocalModeModel() throws Exception {
        Path run = dir.resolve("cluster-run");
        Path log = dir.resolve("cluster-run.log");
        assertEquals(0, finish(cluster.submit(log, job(run)), log), Files.readString(log));
        for (String file : List.of("config.properties", "metrics.jsonl", "summary.json", "curves.png",
                "model/model.json", "model/model.safetensors")) {
            assertTrue(Files.exists(run.resolve(file)), file + " missing");
        }
        assertEquals(localModeDigest, JobHarness.modelDigest(run), "cluster and local mode disagree");
    }

    @Test
    void anExecutorKilledMidRoundChangesNothing() throws Exception {
        Path run = dir.resolve("executor-killed");
        Path log = dir.resolve("executor-killed.log");
        Process submission = cluster.submit(log, job(run));
        await(() -> roundsLogged(log) >= 4, "round 4", log);
        List<ProcessHandle> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "no executor process found");
        ProcessHandle victim = executors.get(0);
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        assertEquals(0, finish(submission, log), Files.readString(log));
        assertFalse(victim.isAlive());
        assertTrue(Files.readString(log).contains("Lost executor"), "Spark did not notice the kill: "
                + Files.readString(log));
        assertEquals(localModeDigest, JobHarness.modelDigest(run), "a lost executor changed the model");
    }

    @Test
    void aDriverKilledAfterACheckpointResumesToTheSameModel() throws Exception {
        Path run = dir.resolve("driver-killed");
        Path log = dir.resolve("driver-killed.log");
        Process submission = cluster.submit(log, job(run));
        await(() -> {
            try {
                return Files.isDirectory(run.resolve("checkpoints"))
                        && Files.list(run.resolve("checkpoints")).anyMatch(p -> p.getFileName().toString()
                        .equals("round-000000006"));
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the checkpoint of round 6", log);
        new ProcessBuilder("kill", "-9", Long.toString(submission.pid())).start().waitFor();
        submission.waitFor(1, TimeUnit.MINUTES);
        assertFalse(Files.exists(run.resolve("summary.json")), "the killed run finished anyway: kill sooner");

        Path resumeLog = dir.resolve("driver-resumed.log");
        assertEquals(0, finish(cluster.submit(resumeLog, job(run, "--resume")), resumeLog),
                Files.readString(resumeLog));
        assertTrue(Files.readString(resumeLog).contains("resuming"), Files.readString(resumeLog));
        assertEquals(localModeDigest, JobHarness.modelDigest(run), "resume after a driver kill changed the model");
    }
}
