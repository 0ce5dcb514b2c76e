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
 * configuration), on the shipped MNIST with a truncated images file: the job's lines and Spark's warnings one line
 * each, the error last, naming driver.log in the output directory, and no stack trace.
 */
class ConsoleIT {

    @Test
    void aTruncatedGzipEndsWithTheErrorLineAndNoTrace(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(Path.of("data/mnist").resolve(name), data.resolve(name));
        }
        byte[] images = Files.readAllBytes(Path.of("data/mnist/train-images-idx3-ubyte.gz"));
        Files.write(data.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(images, 3_000_000));
        Path run = dir.resolve("run");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder("bash", "jobs/train-mnist.sh", "data.path=" + data, "output=" + run)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "no end");
        String console = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
        System.out.println("OUTCOME console of a truncated gzip:\n" + console);
        assertEquals(Failures.EXIT_DATA, process.exitValue(), console);
        for (String line : console.split("\n")) {
            assertFalse(JobHarness.TRACE.matcher(line).find(), "a stack trace on the console: " + line);
            assertFalse(line.contains("\u001b["), "a terminal escape on the console: " + line);
        }
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("spark-lstm: error: ") && last.contains("train-images-idx3-ubyte.gz")
                && last.endsWith("(log: file:" + run.resolve("driver.log") + ")"), last);
        assertTrue(Files.readString(run.resolve("driver.log")).contains("\tat "), "the trace is not in driver.log");
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
