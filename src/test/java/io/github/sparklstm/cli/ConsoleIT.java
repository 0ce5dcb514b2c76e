package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of the job as a user starts it (jobs/train-mnist.sh, a JVM of its own with the shipped logging
 * configuration) on bad input, failing on the executors (a truncated gzip, a bad table row) or on the driver (a
 * label outside the classes, a missing directory): the job's lines and Spark's warnings one line each, the error
 * last, naming driver.log in the output directory, which holds the trace; no stack trace on the console.
 */
class ConsoleIT {

    /** A failure as a user meets it: the console of jobs/train-mnist.sh in a JVM of its own, and where its log is. */
    private record Console(int exitCode, List<String> lines, String last) {
    }

    private static Console launch(Path dir, String... settings) throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        List<String> command = new java.util.ArrayList<>(List.of("bash", "jobs/train-mnist.sh"));
        command.addAll(List.of(settings));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "no end");
        String console = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
        List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        for (String line : console.split("\n")) {
            assertFalse(JobHarness.TRACE.matcher(line).find(), "a stack trace on the console: " + line);
            assertFalse(line.contains("\u001b["), "a terminal escape on the console: " + line);
        }
        return new Console(process.exitValue(), List.of(console.split("\n")), errLines.get(errLines.size() - 1));
    }

    private static Path mnistWith(Path dir, String changed, byte[] content) throws Exception {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            if (!name.equals(changed)) {
                Files.copy(Path.of("data/mnist").resolve(name), data.resolve(name));
            }
        }
        Files.write(data.resolve(changed), content);
        return data;
    }

    private static void endsNamingTheLogIn(Console console, Path run, int exitCode, String... words)
            throws Exception {
        System.out.println("OUTCOME " + console.last());
        assertEquals(exitCode, console.exitCode(), String.join("\n", console.lines()));
        assertTrue(console.last().startsWith("spark-lstm: error: ")
                && console.last().endsWith("(log: file:" + run.resolve("driver.log") + ")"), console.last());
        for (String word : words) {
            assertTrue(console.last().contains(word), console.last());
        }
        assertTrue(Files.readString(run.resolve("driver.log")).contains("\tat "), "the trace is not in driver.log");
    }

    @Test
    void aTruncatedGzipEndsWithTheErrorLineAndNoTrace(@TempDir Path dir) throws Exception {
        byte[] images = Files.readAllBytes(Path.of("data/mnist/train-images-idx3-ubyte.gz"));
        Path data = mnistWith(dir, "train-images-idx3-ubyte.gz", java.util.Arrays.copyOf(images, 3_000_000));
        Path run = dir.resolve("run");
        endsNamingTheLogIn(launch(dir, "data.path=" + data, "output=" + run), run, Failures.EXIT_DATA,
                "train-images-idx3-ubyte.gz");
    }

    @Test
    void aLabelOutsideTheClassesEndsWithTheErrorLineAndNoTrace(@TempDir Path dir) throws Exception {
        byte[] labels;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                Path.of("data/mnist/train-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        labels[8 + 100] = 12;
        Path data = mnistWith(dir, "train-labels-idx1-ubyte.gz", BadDataFilesTest.gzip(labels));
        Path run = dir.resolve("run");
        endsNamingTheLogIn(launch(dir, "data.path=" + data, "output=" + run), run, Failures.EXIT_DATA,
                "train-labels-idx1-ubyte.gz", "model.classes");
    }

    @Test
    void aBadTableRowEndsWithTheErrorLineAndNoTrace(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("table.json");
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            rows.append(r == 33 ? "{\"features\":[[1,0],[0]],\"label\":1}\n"
                    : "{\"features\":[[1,0],[0,1]],\"label\":" + r % 2 + "}\n");
        }
        Files.writeString(table, rows);
        Path run = dir.resolve("run");
        endsNamingTheLogIn(launch(dir, "--config", "/dev/null", "data.format=json", "data.train=" + table,
                "data.test=" + table, "output=" + run), run, Failures.EXIT_DATA, "table.json");
    }

    @Test
    void aMissingDirectoryEndsWithTheErrorLineAndNoTrace(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Console console = launch(dir, "output=" + run, "data.path=" + dir.resolve("nowhere"));
        endsNamingTheLogIn(console, run, Failures.EXIT_DATA, "nowhere");
    }

    @Test
    void theScriptsBuildWithoutTerminalEscapes() throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "source jobs/lib.sh && maven -v").redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Maven") || output.matches("(?s).*\\d+\\.\\d+\\.\\d+.*"), output);
        assertFalse(output.contains("\u001b"), "terminal escapes: " + output.replace("\u001b", "ESC"));
    }
}
