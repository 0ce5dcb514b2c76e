package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the shipped MNIST files and checks facts about them known from the original distribution. */
class MnistFilesTest {
    private static LabeledImages train;
    private static LabeledImages test;

    @BeforeAll
    static void read() throws IOException {
        train = MnistFiles.readTrain(TestData.mnistDir());
        test = MnistFiles.readTest(TestData.mnistDir());
    }

    @Test
    void sizes() {
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (LabeledImages set : new LabeledImages[] {train, test}) {
            assertEquals(28, set.height());
            assertEquals(28, set.width());
            assertEquals(set.size() * 784, set.pixels().length);
        }
    }

    @Test
    void firstLabels() {
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, firstLabels(train, 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, firstLabels(test, 10));
    }

    @Test
    void labelHistograms() {
        assertArrayEquals(new long[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                new ImageSequences(train, ImageView.of("rows", 28, 28, 0)).labelCounts());
        assertArrayEquals(new long[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                new ImageSequences(test, ImageView.of("rows", 28, 28, 0)).labelCounts());
    }

    @Test
    void pixels() {
        // Sums computed independently (Python's gzip on the same files) catch a misplaced header or offset.
        assertEquals(1_567_298_545L, pixelSum(train));
        assertEquals(264_923_200L, pixelSum(test));
        // The digits sit in a 20x20 box centred in the frame: the corner is blank in every image.
        for (int i = 0; i < test.size(); i++) {
            assertEquals(0, test.pixel(i, 0));
        }
        assertEquals(240, train.pixel(0, 14 * 28 + 14));
    }

    @Test
    void streamsGiveTheSameAsTheDirectory() throws IOException {
        Path dir = TestData.mnistDir();
        try (InputStream images = Files.newInputStream(dir.resolve(MnistFiles.TEST_IMAGES));
                InputStream labels = Files.newInputStream(dir.resolve(MnistFiles.TEST_LABELS))) {
            LabeledImages fromStreams = MnistFiles.read(images, "hdfs:///mnist/" + MnistFiles.TEST_IMAGES,
                    labels, "hdfs:///mnist/" + MnistFiles.TEST_LABELS);
            assertArrayEquals(test.pixels(), fromStreams.pixels());
            assertArrayEquals(test.labels(), fromStreams.labels());
        }
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) throws IOException {
        Path images = dir.resolve(MnistFiles.TEST_IMAGES);
        TestData.assertInvalid(images.toString(), () -> MnistFiles.readTest(dir), "file not found");
        Files.write(images, TestData.gzip(TestData.idx(2, 28, 28)));
        Path labels = dir.resolve(MnistFiles.TEST_LABELS);
        TestData.assertInvalid(labels.toString(), () -> MnistFiles.readTest(dir), "file not found");
        Files.write(labels, TestData.gzip(TestData.idx(0x08, new int[] {2}, new byte[] {3, 9})));
        assertEquals(2, MnistFiles.readTest(dir).size());
    }

    private static int[] firstLabels(LabeledImages set, int n) {
        return IntStream.range(0, n).map(set::label).toArray();
    }

    private static long pixelSum(LabeledImages set) {
        long sum = 0;
        for (byte b : set.pixels()) {
            sum += b & 0xFF;
        }
        return sum;
    }
}
