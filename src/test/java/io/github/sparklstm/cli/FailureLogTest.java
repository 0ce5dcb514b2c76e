package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails before it claims its output directory (reading, planning, a refused setting) still leaves its
 * log there as driver.log, the error line names it, and the directory does not look like a run: the next run
 * into it starts afresh (keeping the failed attempt's log ahead of its own). The console has the one-line error,
 * never a trace; --verbose brings the trace back.
 */
class FailureLogTest {

    @TempDir
    Path dir;

    private static List<String> settings(Path data, Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("data.path=" + data, "output=" + run, "train.epochs=1",
                "model.hidden=8", "train.batchSize=8", "log.progress=none", "train.workers=2"));
        args.addAll(List.of(more));
        return args;
    }

    private static void assertLogOnly(Path run, JobHarness.Outcome outcome, int code, String... inLog)
            throws Exception {
        assertEquals(code, outcome.exitCode(), outcome.err());
        assertTrue(outcome.error().endsWith("(log: file:" + run.resolve("driver.log") + ")"), outcome.err());
        try (var files = Files.list(run)) {
            assertEquals(List.of("driver.log"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String log = Files.readString(run.resolve("driver.log"));
        assertTrue(log.contains("\tat io.github.sparklstm."), "no trace in the log:\n" + log);
        for (String phrase : inLog) {
            assertTrue(log.contains(phrase), "'" + phrase + "' not in the log:\n" + log);
        }
    }

    @Test
    void aDataFailureOnTheDriverLeavesTheLogAndTheNextRunStartsThere() throws Exception {
        Path data = BadDataFilesTest.dataSet(dir, 40, 28);
        Path labels = data.resolve("train-labels-idx1-ubyte.gz");
        byte[] good = Files.readAllBytes(labels);
        Files.write(labels, BadDataFilesTest.gzip(BadDataFilesTest.labels(39, 10)));
        Path run = dir.resolve("run");
        assertLogOnly(run, JobHarness.run(settings(data, run)), Failures.EXIT_DATA, "InvalidDataException");

        Files.write(labels, good);
        JobHarness.Outcome retried = JobHarness.run(settings(data, run));
        assertEquals(0, retried.exitCode(), retried.err());
        String log = Files.readString(run.resolve("driver.log"));
        assertTrue(log.indexOf("InvalidDataException") < log.indexOf("done: test accuracy"),
                "the failed attempt's log is not ahead of the run's:\n" + log);
        assertTrue(Files.exists(run.resolve("summary.json")));
    }

    @Test
    void aSettingRefusedOnceTheOutputIsKnownLeavesTheLog() throws Exception {
        Path data = BadDataFilesTest.dataSet(dir, 40, 28);
        Path run = dir.resolve("run");
        assertLogOnly(run, JobHarness.run(settings(data, run, "train.workers=41")), Failures.EXIT_CONFIG,
                "ConfigException", "train.workers=41");
        // A table format without a table: refused by the settings alone, with the output known.
        Path other = dir.resolve("other");
        assertLogOnly(other, JobHarness.run(settings(data, other, "data.format=parquet")), Failures.EXIT_CONFIG,
                "data.train: required");
    }

    @Test
    void aFailureInATaskLeavesTheLogAndVerboseShowsTheTrace() throws Exception {
        Path data = BadDataFilesTest.dataSet(dir, 40, 28);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path run = dir.resolve("run");
        JobHarness.Outcome quiet = JobHarness.run(settings(data, run));
        assertLogOnly(run, quiet, Failures.EXIT_DATA, "train-images-idx3-ubyte.gz", "TaskSetManager");
        assertTrue(quiet.error().contains("train-images-idx3-ubyte.gz"), quiet.err());

        JobHarness.Outcome verbose = JobHarness.run(settings(data, dir.resolve("verbose"), "--verbose"));
        assertEquals(Failures.EXIT_DATA, verbose.exitCode(), verbose.err());
        assertTrue(verbose.err().lines().anyMatch(l -> JobHarness.TRACE.matcher(l).find()), verbose.err());
    }
}
