package io.github.sparklstm.data;

import static io.github.sparklstm.data.TestData.assertInvalid;
import static io.github.sparklstm.data.TestData.gzip;
import static io.github.sparklstm.data.TestData.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    private static final byte[] GOOD = idx(3, 2, 4);
    private static final byte[] GOOD_DATA = Arrays.copyOfRange(GOOD, 16, GOOD.length);

    private static IdxArray read(byte[] bytes, String name) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(bytes), name);
    }

    private static void assertGood(IdxArray a) {
        assertArrayEquals(new int[] {3, 2, 4}, a.dims());
        assertArrayEquals(GOOD_DATA, a.data());
        assertEquals(3, a.count());
        assertEquals(8, a.itemSize());
    }

    @Test
    void readsRawAndGzip() throws IOException {
        assertGood(read(GOOD, "a.idx"));
        assertGood(read(gzip(GOOD), "a.idx.gz"));
        // A raw name whose content is gzip is recognised by its magic.
        assertGood(read(gzip(GOOD), "a.idx"));
    }

    @Test
    void readsFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.gz");
        Files.write(file, gzip(GOOD));
        assertGood(IdxReader.read(file));
        Path missing = dir.resolve("missing.gz");
        assertInvalid(missing.toString(), () -> IdxReader.read(missing), "file not found");
        assertInvalid(dir.toString(), () -> IdxReader.read(dir), "directory");
    }

    @Test
    void oneDimensionalLabels() throws IOException {
        IdxArray labels = read(idx(0x08, new int[] {3}, new byte[] {1, 2, (byte) 200}), "l");
        assertEquals(3, labels.count());
        assertEquals(1, labels.itemSize());
        assertEquals(200, labels.data()[2] & 0xFF);
    }

    @Test
    void emptyStream() {
        assertInvalid("x.idx", () -> read(new byte[0], "x.idx"), "empty");
        assertInvalid("x.gz", () -> read(new byte[0], "x.gz"), "empty");
        assertInvalid("y.gz", () -> read(gzip(new byte[0]), "y.gz"), "empty after gzip decompression");
    }

    @Test
    void wrongMagic() {
        byte[] bytes = GOOD.clone();
        bytes[0] = 0x12;
        bytes[1] = 0x34;
        assertInvalid("m.idx", () -> read(bytes, "m.idx"), "wrong magic number 0x12340803", "expected",
                "0x00000803");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x42})
    void unsupportedType(int type) {
        byte[] bytes = idx(type, new int[] {1}, new byte[8]);
        assertInvalid("t.idx", () -> read(bytes, "t.idx"), String.format("element type 0x%02X", type),
                "only 0x08 (unsigned byte) is supported");
    }

    @Test
    void zeroDimensions() {
        assertInvalid("z", () -> read(idx(0x08, new int[0], new byte[0]), "z"), "zero dimensions");
    }

    @Test
    void zeroExamples() {
        assertInvalid("e.gz", () -> read(gzip(idx(0, 28, 28)), "e.gz"), "contains no examples");
        assertInvalid("w", () -> read(idx(2, 0, 28), "w"), "dimension 2 of 3 has size 0");
    }

    @Test
    void truncatedRaw() {
        byte[] bytes = Arrays.copyOf(GOOD, GOOD.length - 5);
        assertInvalid("r.idx", () -> read(bytes, "r.idx"), "truncated", "3 x 2 x 4", "declares 24 bytes",
                "only 19 follow");
        assertInvalid("h.idx", () -> read(Arrays.copyOf(GOOD, 10), "h.idx"), "truncated header",
                "expected 12 bytes", "found 6");
        assertInvalid("m.idx", () -> read(Arrays.copyOf(GOOD, 3), "m.idx"), "truncated header", "found 3");
    }

    @Test
    void truncatedInsideGzip() {
        byte[] bytes = gzip(Arrays.copyOf(GOOD, GOOD.length - 1));
        assertInvalid("g.gz", () -> read(bytes, "g.gz"), "truncated", "declares 24 bytes", "only 23 follow");
    }

    @Test
    void headerPromisingHugeDataInATinyFileIsTruncatedNotAllocated() {
        byte[] bytes = idx(0x08, new int[] {2_000_000_000}, new byte[10]);
        assertInvalid("big", () -> read(bytes, "big"), "declares 2000000000 bytes", "only 10 follow");
    }

    @Test
    void absurdSizesRejectedBeforeAllocating() {
        byte[] bytes = idx(0x08, new int[] {65536, 65536, 65536}, new byte[0]);
        assertInvalid("huge", () -> read(bytes, "huge"), "65536 x 65536", "more than the 2147483639 bytes");
        // 0xFFFFFFFF is 4294967295 as the unsigned size IDX means, not -1.
        byte[] unsigned = idx(0x08, new int[] {-1}, new byte[0]);
        assertInvalid("u", () -> read(unsigned, "u"), "4294967295");
    }

    @Test
    void trailingBytes() {
        byte[] bytes = Arrays.copyOf(GOOD, GOOD.length + 3);
        assertInvalid("t.idx", () -> read(bytes, "t.idx"), "3 unexpected bytes after the 24 bytes");
        assertInvalid("t.gz", () -> read(gzip(bytes), "t.gz"), "3 unexpected bytes", "after decompression");
    }

    @Test
    void gzNameThatIsNotGzip() {
        assertInvalid("plain.gz", () -> read(GOOD, "plain.gz"), "not gzip", "starts with 00 00", "1f 8b");
    }

    @Test
    void corruptGzip() {
        byte[] gz = gzip(idx(50, 28, 28));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertInvalid("cut.gz", () -> read(cut, "cut.gz"), "corrupt or truncated gzip stream");
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 8] ^= 1;
        InvalidDataException e = assertInvalid("crc.gz", () -> read(badCrc, "crc.gz"),
                "corrupt or truncated gzip stream");
        assertEquals(ZipException.class, e.getCause().getClass());
        byte[] garbage = gz.clone();
        Arrays.fill(garbage, 10, garbage.length, (byte) 0xFF);
        assertInvalid("garbage", () -> read(garbage, "garbage"), "corrupt or truncated gzip stream");
    }
}
