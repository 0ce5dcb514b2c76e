package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Builds IDX inputs in memory and checks InvalidDataException messages. */
final class TestData {
    private TestData() {
    }

    /** data/mnist of this module: surefire runs with the module directory as user.dir. */
    static Path mnistDir() {
        return Path.of(System.getProperty("user.dir"), "data", "mnist");
    }

    /** An IDX file: magic 00 00 type dims.length, the dims big-endian, then data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** An unsigned-byte IDX file of the given dims, with random data. */
    static byte[] idx(int... dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return idx(0x08, dims, randomBytes((int) n, 1));
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Asserts {@code action} fails with an InvalidDataException for {@code source} whose problem has every fragment. */
    static InvalidDataException assertInvalid(String source, Executable action, String... fragments) {
        InvalidDataException e = assertThrows(InvalidDataException.class, action);
        assertEquals(source, e.source());
        assertEquals(source + ": " + e.problem(), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.problem().contains(fragment), "\"" + e.problem() + "\" should contain \"" + fragment + "\"");
        }
        return e;
    }

    /** Small images whose pixels cover 0 and 255 and whose labels are i % classes. */
    static LabeledImages images(int count, int height, int width, int classes) {
        byte[] pixels = randomBytes(count * height * width, 7);
        pixels[0] = 0;
        pixels[1] = (byte) 255;
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new LabeledImages(pixels, labels, height, width);
    }
}
