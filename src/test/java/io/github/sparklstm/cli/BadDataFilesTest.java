package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken data sets, each given to the job as its data.path: exit code 3, one line naming the file and the problem,
 * and no result in the output directory.
 */
class BadDataFilesTest {

    /** A data directory with small valid IDX files: 40 training and 10 test images of size x size. */
    static Path dataSet(Path dir, int trainCount, int testSize) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        write(data.resolve("train-images-idx3-ubyte.gz"), gzip(images(trainCount, 28)));
        write(data.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(trainCount, 10)));
        write(data.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(10, testSize)));
        write(data.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(10, 10)));
        return data;
    }

    private static byte[] images(int count, int size) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * size * size);
        b.putInt(0x803).putInt(count).putInt(size).putInt(size);
        for (int i = 16; i < b.capacity(); i++) {
            b.put((byte) (i * 31));
        }
        return b.array();
    }

    static byte[] labels(int count, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % classes));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    private static void assertRejected(Path dir, Path data, String file, String phrase) {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(java.util.List.of("data.path=" + data, "output=" + run,
                "train.epochs=1", "model.hidden=8", "train.batchSize=8", "log.progress=none"));
        assertEquals(Failures.EXIT_DATA, outcome.exitCode(), outcome.err() + outcome.out());
        String err = outcome.error();
        assertTrue(err.contains(file), "file not named: " + err);
        assertTrue(err.contains(phrase), "'" + phrase + "' missing: " + err);
        assertFalse(Files.exists(run.resolve("summary.json")));
        assertFalse(Files.exists(run.resolve("model")));
    }

    @Test
    void theValidSmallSetTrains(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        JobHarness.Outcome outcome = JobHarness.run(java.util.List.of("data.path=" + data,
                "output=" + dir.resolve("run"), "train.epochs=1", "model.hidden=8", "train.batchSize=8",
                "log.progress=none"));
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    @Test
    void truncatedGzip(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        Path labels = data.resolve("train-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 12));
        assertRejected(dir, data, "train-labels-idx1-ubyte.gz", "gzip");
    }

    @Test
    void labelCountDiffersFromImageCount(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        write(data.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(39, 10)));
        assertRejected(dir, data, "train-labels-idx1-ubyte.gz", "39");
    }

    @Test
    void labelOutsideZeroToNine(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        byte[] labels = labels(10, 10);
        labels[8 + 7] = 11;
        write(data.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels));
        assertRejected(dir, data, "t10k-labels-idx1-ubyte.gz", "11");
    }

    @Test
    void aCorruptLabelIsNoClassOfItsOwnUnlessModelClassesSaysSo(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        byte[] labels = labels(40, 10);
        labels[8 + 7] = 12;  // record 7: 12 among digits, so classes 10 and 11 would have no example
        write(data.resolve("train-labels-idx1-ubyte.gz"), gzip(labels));
        assertRejected(dir, data, "train-labels-idx1-ubyte.gz", "record 7: label 12 is the largest training label");
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(java.util.List.of("data.path=" + data, "output=" + run,
                "train.epochs=1", "model.hidden=8", "train.batchSize=8", "log.progress=none"));
        assertTrue(outcome.error().contains("classes 10, 11 have no training example")
                && outcome.error().contains("set model.classes=13 to allow empty classes"), outcome.err());
        // Empty classes on purpose: the model has 13 classes.
        JobHarness.Outcome allowed = JobHarness.run(java.util.List.of("data.path=" + data, "output=" + run,
                "train.epochs=1", "model.hidden=8", "train.batchSize=8", "log.progress=none", "model.classes=13",
                "output.overwrite=true"));
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(Files.readString(run.resolve("model/model.json")).contains("\"num_classes\" : 13"));
    }

    @Test
    void testImagesOfAnotherSizeThanTheView(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 32);
        assertRejected(dir, data, "t10k-images-idx3-ubyte.gz", "32x32");
    }

    @Test
    void emptyDataSet(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        write(data.resolve("train-images-idx3-ubyte.gz"), gzip(images(0, 28)));
        write(data.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(0, 10)));
        assertRejected(dir, data, "train-images-idx3-ubyte.gz", "no examples");
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        Path data = dataSet(dir, 40, 28);
        write(data.resolve("t10k-images-idx3-ubyte.gz"), new byte[0]);
        assertRejected(dir, data, "t10k-images-idx3-ubyte.gz", "empty");
    }
}
