package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad settings and files: one line on stderr naming the key or file, a non-zero exit code, no result left. */
class BadInputTest {

    private static void assertFails(JobHarness.Outcome outcome, int code, String... phrases) {
        assertEquals(code, outcome.exitCode(), outcome.err());
        String err = outcome.error();
        for (String phrase : phrases) {
            assertTrue(err.contains(phrase), "missing '" + phrase + "' in: " + err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train.batchsize=64          | unknown key 'train.batchsize' | did you mean 'train.batchSize'",
        "trian.epochs=3              | unknown key 'trian.epochs'    | did you mean 'train.epochs'",
        "train.learningRate=-0.1     | train.learningRate=-0.1       | (0, 1000000]",
        "train.batchSize=0           | train.batchSize=0             | integer in [1, 65536]",
        "model.hidden=0              | model.hidden=0                | integer in [1, 4096]",
        "train.epochs=three          | train.epochs=three            | must be an integer",
        "model.peepholes=yes         | model.peepholes=yes           | true or false",
        "data.view=columns           | data.view=columns             | rows, rows-trimmed, pixels, permuted-pixels",
        "averaging.method=median     | averaging.method=median       | mean, bmuf",
        "train.workers=5000          | train.workers=5000            | more partitions than the 1500",
        "data.format=parquet         | data.train: required          | data.format=parquet",
        "data.storageLevel=RAM       | data.storageLevel=RAM         | MEMORY_ONLY, MEMORY_AND_DISK",
        "data.normalize=zscore       | data.normalize=zscore         | standardize-features",
        "resume=true                 | resume=true                   | set output=",
        "resume=auto                 | resume=auto                   | set output=",
        "model.classes=1             | model.classes=1               | at least two classes",
        "gate.minTestAccuracy=98     | gate.minTestAccuracy=98       | number in [0, 1]",
        "output=a:b                  | a:b                           | not a valid path"})
    void rejectsBadSettings(String setting, String first, String second, @TempDir Path dir) {
        List<String> args = new java.util.ArrayList<>(JobHarness.small(dir.resolve("run"), setting));
        if (setting.startsWith("resume")) {
            args.removeIf(a -> a.startsWith("output="));
        }
        assertFails(JobHarness.run(args), Failures.EXIT_CONFIG, first.strip(), second.strip());
    }

    @Test
    void unknownKeyInTheConfigFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("job.properties");
        Files.writeString(conf, "train.epochs=2\nmodel.hiden=64\n");
        List<String> args = new java.util.ArrayList<>(JobHarness.small(dir.resolve("run")));
        args.add(0, "--config=" + conf);
        assertFails(JobHarness.run(args), Failures.EXIT_CONFIG, conf.toString(), "model.hiden", "model.hidden");
    }

    @Test
    void unreadableConfigFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertFails(JobHarness.run(List.of("--config=" + missing, "output=" + dir.resolve("run"))),
                Failures.EXIT_CONFIG, missing.toString(), "cannot read config file");
    }

    @Test
    void missingDataPath(@TempDir Path dir) {
        Path data = dir.resolve("no-such-dir");
        Path run = dir.resolve("run");
        assertFails(JobHarness.run(JobHarness.small(run, "data.path=" + data)), Failures.EXIT_DATA,
                data.toString(), "no such directory");
        assertFalse(Files.exists(run.resolve("summary.json")));
    }

    @Test
    void wrongMagicInADataFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(Path.of("data/mnist", name), data.resolve(name));
        }
        // Valid gzip around a file that is not IDX at all.
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data.resolve(
                "train-images-idx3-ubyte.gz")))) {
            out.write("PK\u0003\u0004 this is a zip, not IDX".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertFails(JobHarness.run(JobHarness.small(dir.resolve("run"), "data.path=" + data)), Failures.EXIT_DATA,
                "train-images-idx3-ubyte.gz", "magic");
    }

    @Test
    void labelsInPlaceOfImagesAreNamed(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(Path.of("data/mnist", name), data.resolve(name));
        }
        Files.copy(Path.of("data/mnist/train-labels-idx1-ubyte.gz"), data.resolve("train-images-idx3-ubyte.gz"));
        assertFails(JobHarness.run(JobHarness.small(dir.resolve("run"), "data.path=" + data)), Failures.EXIT_DATA,
                "train-images-idx3-ubyte.gz", "3 dimensions");
    }

    @Test
    void unknownCommandLineOption(@TempDir Path dir) {
        JobHarness.Outcome outcome = JobHarness.run(List.of("--epochs=3"));
        assertEquals(Failures.EXIT_CONFIG, outcome.exitCode());
        assertTrue(outcome.err().contains("--epochs"), outcome.err());
    }
}
