package io.github.sparklstm.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads unsigned-byte IDX arrays (the MNIST file format), plain or gzip-compressed, checking everything. */
public final class IdxReader {
    private static final int BUFFER = 1 << 16;
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest array the JVM reliably allocates; a larger header is rejected before allocating anything. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /**
     * The buffer starts at most this big and grows as data actually arrives, so a lying header in a tiny file
     * cannot make us allocate gigabytes. 64 MiB holds the MNIST training images (47 MB) without a copy.
     */
    private static final int FIRST_CHUNK = 1 << 26;

    private IdxReader() {
    }

    /**
     * Reads an unsigned-byte IDX array. {@code sourceName} is used in error messages and decides compression:
     * a name ending in ".gz" must be gzip; other names are read raw, but a raw stream that starts with the gzip
     * magic 1f 8b is also accepted and decompressed. The stream is read to its end but not closed.
     */
    public static IdxArray read(InputStream in, String sourceName) throws IOException {
        IdxInput input = open(in, sourceName);
        try {
            if (input.count() > MAX_BYTES / input.itemSize()) {
                throw new InvalidDataException(sourceName, "header declares " + join(input.dims()) + " values, more"
                        + " than the " + MAX_BYTES + " bytes one array can hold");
            }
            int total = (int) (input.count() * input.itemSize());
            byte[] data = readData(input.data(), sourceName, input.dims(), total);
            input.expectEnd(sourceName, total);
            return new IdxArray(input.dims(), data);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(sourceName, e);
        }
    }

    /**
     * Reads the header of an unsigned-byte IDX stream (see {@link #read(InputStream, String)} for compression)
     * and returns it with the stream positioned at the first record: what an executor reading one file needs.
     */
    public static IdxInput open(InputStream in, String sourceName) throws IOException {
        BufferedInputStream raw = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
        if (!startsWithGzip(raw, sourceName)) {
            return parseHeader(raw, sourceName, false);
        }
        try {
            GZIPInputStream inflated = new GZIPInputStream(raw, BUFFER);
            return parseHeader(new BufferedInputStream(inflated, BUFFER), sourceName, true);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(sourceName, e);
        }
    }

    /** Only the gzip layer throws these: short raw data is detected by the readers without EOFException. */
    public static InvalidDataException corruptGzip(String sourceName, IOException e) {
        return new InvalidDataException(sourceName, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
    }

    /** An IDX stream after its header: the dimensions (the first counts records) and the data that follows. */
    public record IdxInput(int[] dims, boolean gzip, InputStream data) {

        /** Records: the first dimension. */
        public long count() {
            return Integer.toUnsignedLong(dims[0]);
        }

        /** Bytes per record: the product of the other dimensions (1 for labels). */
        public int itemSize() {
            long size = 1;
            for (int i = 1; i < dims.length; i++) {
                size *= dims[i];
            }
            return (int) size;
        }

        /** Reads record after record into {@code record} (itemSize bytes); fails naming the source if cut short. */
        public void readRecord(byte[] record, String sourceName, long index) throws IOException {
            int got = readFully(data, record, 0, record.length);
            if (got < record.length) {
                throw new InvalidDataException(sourceName, "truncated: the header (" + join(dims) + ") declares "
                        + count() + " records but record " + index + " is cut short after " + got + " of "
                        + record.length + " bytes");
            }
        }

        /** Fails if anything follows the {@code declared} bytes of data the header announced. */
        public void expectEnd(String sourceName, long declared) throws IOException {
            long extra = data.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new InvalidDataException(sourceName, extra + " unexpected bytes after the " + declared
                        + " bytes of data the header declares" + (gzip ? " (after decompression)" : ""));
            }
        }
    }

    /** Reads an unsigned-byte IDX file; a name ending in ".gz" must be gzip (see {@link #read(InputStream, String)}). */
    public static IdxArray read(Path file) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidDataException(name, "is a directory, not an IDX file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException(name, "file not found", e);
        }
    }

    /** Peeks at the first two bytes: rejects an empty stream and a ".gz" name that is not gzip. */
    private static boolean startsWithGzip(BufferedInputStream in, String name) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = b1 < 0 ? -1 : in.read();
        in.reset();
        if (b1 < 0) {
            throw new InvalidDataException(name, "empty (0 bytes)");
        }
        boolean gzip = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
        if (!gzip && name.endsWith(".gz")) {
            throw new InvalidDataException(name, String.format(
                    "not gzip (starts with %s, expected the gzip magic 1f 8b)", hex(b1, b2)));
        }
        return gzip;
    }

    private static IdxInput parseHeader(InputStream in, String name, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, magic.length);
        if (got == 0) {
            // A raw stream was already found non-empty, so only a gzip stream can get here.
            throw new InvalidDataException(name, "empty after gzip decompression");
        }
        checkMagic(name, magic, got);
        return new IdxInput(readDims(in, name, magic[3] & 0xFF), gzip, in);
    }

    private static void checkMagic(String name, byte[] magic, int got) throws InvalidDataException {
        if (got < magic.length) {
            throw new InvalidDataException(name, "truncated header: expected a 4-byte magic number, found " + got
                    + " bytes");
        }
        int value = ByteBuffer.wrap(magic).getInt();
        if (magic[0] != 0 || magic[1] != 0) {
            throw new InvalidDataException(name, String.format("wrong magic number 0x%08X: expected an IDX header"
                    + " 00 00 08 <dimensions> (0x00000803 for images, 0x00000801 for labels)", value));
        }
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new InvalidDataException(name, String.format("unsupported element type 0x%02X (%s) in magic"
                    + " number 0x%08X: only 0x08 (unsigned byte) is supported", type, typeName(type), value));
        }
        if (magic[3] == 0) {
            throw new InvalidDataException(name, String.format("magic number 0x%08X declares zero dimensions",
                    value));
        }
    }

    private static int[] readDims(InputStream in, String name, int count) throws IOException {
        byte[] header = new byte[4 * count];
        int got = readFully(in, header, 0, header.length);
        if (got < header.length) {
            throw new InvalidDataException(name, "truncated header: expected " + header.length + " bytes of"
                    + " dimension sizes, found " + got);
        }
        ByteBuffer sizes = ByteBuffer.wrap(header);
        long[] unsigned = new long[count];
        for (int i = 0; i < count; i++) {
            unsigned[i] = Integer.toUnsignedLong(sizes.getInt());
        }
        if (unsigned[0] == 0) {
            throw new InvalidDataException(name, "contains no examples (the first dimension is 0)");
        }
        long recordBytes = 1;
        for (int i = 0; i < count; i++) {
            if (unsigned[i] == 0) {
                throw new InvalidDataException(name, "dimension " + (i + 1) + " of " + count + " has size 0");
            }
            if (i == 0) {
                continue; // files of more records than an array holds are read record by record
            }
            // recordBytes <= MAX_BYTES < 2^31 and a dimension < 2^32, so this cannot overflow a long.
            recordBytes *= unsigned[i];
            if (recordBytes > MAX_BYTES) {
                throw new InvalidDataException(name, "header declares records of " + join(unsigned) + " values,"
                        + " more than the " + MAX_BYTES + " bytes one array can hold");
            }
        }
        int[] dims = new int[count];
        for (int i = 0; i < count; i++) {
            dims[i] = (int) unsigned[i];
        }
        return dims;
    }

    private static byte[] readData(InputStream in, String name, int[] dims, int total) throws IOException {
        byte[] data = new byte[Math.min(total, FIRST_CHUNK)];
        int filled = 0;
        while (filled < total) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
            }
            int got = readFully(in, data, filled, data.length - filled);
            filled += got;
            if (filled < data.length) {
                throw new InvalidDataException(name, "truncated: the header (" + join(dims) + ") declares "
                        + total + " bytes of data but only " + filled + " follow");
            }
        }
        return data;
    }

    /** Like DataInputStream.readFully but returns how much arrived instead of throwing at the end. */
    private static int readFully(InputStream in, byte[] buf, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(buf, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "not an IDX type";
        };
    }

    private static String hex(int b1, int b2) {
        return b2 < 0 ? String.format("%02x and then ends", b1) : String.format("%02x %02x", b1, b2);
    }

    private static String join(long[] values) {
        StringBuilder s = new StringBuilder();
        for (long v : values) {
            s.append(s.length() == 0 ? "" : " x ").append(v);
        }
        return s.toString();
    }

    private static String join(int[] values) {
        return join(Arrays.stream(values).mapToLong(Integer::toUnsignedLong).toArray());
    }
}
