package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
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
 * without changing a bit of the result. Damaged checkpoints and a disk that fills during a checkpoint are handled
 * there as in local mode (diverging training is DivergenceTest's, in local mode: the same driver code). Each test
 * prints its observed outcome as an OUTCOME line.
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

    private static void outcome(String test, String what) {
        System.out.println("OUTCOME " + test + ": " + what);
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
        assertTrue(Files.readString(log).contains("rounds: long-lived tasks take them from an endpoint on the driver"),
                Files.readString(log));
        outcome("cluster run", "exit 0, all outputs, model sha256 " + localModeDigest + " = local mode's");
    }

    /*
     * Four partitions on two task slots: a barrier job cannot hold them all, so the rounds fall back to a Spark job
     * each, and say why; asking for the endpoint there is refused before anything runs. The model is local mode's.
     */
    @Test
    void morePartitionsThanSlotsFallBackToAJobPerRound() throws Exception {
        Path local = dir.resolve("four-local");
        assertEquals(0, JobHarness.run(job(local, "train.workers=4")).exitCode());
        Path run = dir.resolve("four");
        Path log = dir.resolve("four.log");
        assertEquals(0, finish(cluster.submit(log, job(run, "train.workers=4")), log), Files.readString(log));
        String said = Files.readString(log);
        assertTrue(said.contains("rounds: a Spark job per round (4 partitions but 2 task slots"), said);
        assertEquals(JobHarness.modelDigest(local), JobHarness.modelDigest(run), "cluster and local mode disagree");

        Path refusedLog = dir.resolve("four-endpoint.log");
        int refused = finish(cluster.submit(refusedLog, job(dir.resolve("four-endpoint"), "train.workers=4",
                "averaging.exchange=endpoint")), refusedLog);
        String why = Files.readString(refusedLog);
        assertEquals(2, refused, why);
        assertTrue(why.contains("averaging.exchange=endpoint is not possible here: 4 partitions but 2 task slots"),
                why);
        outcome("4 partitions on 2 slots", "a Spark job per round, model = local mode's; averaging.exchange=endpoint"
                + " refused with exit 2");
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
        long killedAfter = roundsLogged(log);
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        assertEquals(0, finish(submission, log), Files.readString(log));
        assertFalse(victim.isAlive());
        assertTrue(Files.readString(log).contains("Lost executor"), "Spark did not notice the kill: "
                + Files.readString(log));
        assertEquals(localModeDigest, JobHarness.modelDigest(run), "a lost executor changed the model");
        outcome("executor SIGKILL after round " + killedAfter + " of 24", "Spark lost the executor, re-ran its "
                + "tasks, exit 0, model sha256 unchanged");
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
        // metrics.jsonl grows a flushed line per record: every round up to the checkpoint is there, each whole
        // (only a line being written at the very moment of the kill could be cut).
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long rounds = 0;
        for (int i = 0; i < lines.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode record;
            try {
                record = json.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw e;
            }
            rounds += "round".equals(record.path("type").asText()) ? 1 : 0;
        }
        assertTrue(rounds >= 6, "rounds logged before the kill: " + rounds + " of at least 6");

        Path resumeLog = dir.resolve("driver-resumed.log");
        assertEquals(0, finish(cluster.submit(resumeLog, job(run, "--resume")), resumeLog),
                Files.readString(resumeLog));
        assertTrue(Files.readString(resumeLog).contains("resuming"), Files.readString(resumeLog));
        assertEquals(localModeDigest, JobHarness.modelDigest(run), "resume after a driver kill changed the model");
        outcome("driver SIGKILL after the round-6 checkpoint", "no summary or model left, " + rounds
                + " round records in metrics.jsonl; --resume "
                + Files.readAllLines(resumeLog).stream().filter(l -> l.startsWith("resuming")).findFirst().orElse("")
                + "; exit 0, model sha256 unchanged");

        // The same run's newest checkpoint altered: detected by its digest, named, the one before it used.
        List<Path> checkpoints = Files.list(run.resolve("checkpoints")).filter(p -> p.getFileName().toString()
                .startsWith("round-")).sorted().toList();
        Path newest = checkpoints.get(checkpoints.size() - 1).resolve("state.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);
        Files.delete(run.resolve("summary.json"));
        Path damagedLog = dir.resolve("damaged-resumed.log");
        assertEquals(0, finish(cluster.submit(damagedLog, job(run, "--resume")), damagedLog),
                Files.readString(damagedLog));
        String damaged = Files.readString(damagedLog);
        assertTrue(damaged.contains(newest.toString()) && damaged.contains("sha256 does not match"), damaged);
        assertEquals(localModeDigest, JobHarness.modelDigest(run));
        outcome("altered checkpoint " + newest.getParent().getFileName(), damaged.lines()
                .filter(l -> l.startsWith("warning")).findFirst().orElse("") + "; resumed from the one before, "
                + "model sha256 unchanged");
    }

    @Test
    void aDiskThatFillsDuringACheckpointStopsTheJobAndKeepsThePreviousOne() throws Exception {
        Path run = dir.resolve("disk-full");
        Path log = dir.resolve("disk-full.log");
        List<String> faulty = List.of("--jars", jarOf(FaultyFileSystem.class).toString(), "--conf", "spark.hadoop.fs.faulty.impl=" + FaultyFileSystem.class.getName(),
                "--conf", "spark.hadoop." + FaultyFileSystem.MARKER + "=/checkpoints/.round-000000006",
                "--conf", "spark.hadoop." + FaultyFileSystem.MODE + "=full");
        List<String> args = new ArrayList<>(job(Path.of("x")));
        args.set(args.size() - 1, "output=faulty://" + run);
        int code = finish(cluster.submit(log, faulty, args), log);
        String text = Files.readString(log);
        assertEquals(Failures.EXIT_IO, code, text);
        String error = text.lines().filter(l -> l.startsWith("spark-lstm: error:")).findFirst().orElse("");
        assertTrue(error.contains("round-000000006: checkpoint not written") && error.contains("No space left"),
                text);
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/round-000000003/state.safetensors")));
        assertFalse(Files.exists(run.resolve("summary.json")));
        // The previous checkpoint loads: resume from it (on the healthy file system) finishes bit-identical.
        Path resumeLog = dir.resolve("disk-full-resumed.log");
        assertEquals(0, finish(cluster.submit(resumeLog, job(run, "--resume")), resumeLog),
                Files.readString(resumeLog));
        assertEquals(localModeDigest, JobHarness.modelDigest(run));
        outcome("disk full during the round-6 checkpoint", "exit " + code + ", '" + error
                + "'; round-3 checkpoint intact, resumed from it to the same model");
    }

    /* A jar of one test class and its nested classes, for --jars: the driver loads it like user code. */
    private static Path jarOf(Class<?> type) throws java.io.IOException {
        Path classes = LocalCluster.PROJECT.resolve("target/test-classes");
        String prefix = type.getName().replace('.', '/');
        Path jar = dir.resolve(type.getSimpleName() + ".jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             var files = Files.walk(classes)) {
            for (Path file : files.filter(f -> classes.relativize(f).toString().startsWith(prefix)).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
