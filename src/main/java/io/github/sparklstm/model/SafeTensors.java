package io.github.sparklstm.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Hugging Face safetensors format (F32 and F64 only), so models trained here load in
 * Python and back. The reader enforces the official layout rules rather than trusting the header, since a
 * model file may be truncated, hand-edited or not a safetensors file at all. The JSON header is handled
 * by {@link SafeTensorsHeader}; this class frames it and converts the little-endian data.
 */
public final class SafeTensors {
    /** The limit the reference implementation puts on the header, so an absurd length fails early. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The data buffer is read into one byte[]; this is the largest array the JDK's streams will build. */
    static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    private static final int CHUNK_BYTES = 64 * 1024;

    /** Tensors in the order of their bytes in the file, which is the order they were written. */
    public record Contents(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /** Writes tensors in the given order, with string metadata. Does not close the stream. */
    public static void write(OutputStream out, LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = SafeTensorsHeader.encode(tensors, metadata);
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(prefix.array());
        out.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : tensors.values()) {
            writeValues(out, tensor, chunk);
        }
    }

    // Converts through a fixed buffer so a large tensor is never held a second time as bytes.
    private static void writeValues(OutputStream out, Tensor tensor, ByteBuffer chunk) throws IOException {
        double[] values = tensor.values();
        boolean f32 = tensor.dtype().equals(Tensor.F32);
        int width = Tensor.bytesPerElement(tensor.dtype());
        int step = chunk.capacity() / width;
        for (int from = 0; from < values.length; from += step) {
            int count = Math.min(step, values.length - from);
            chunk.clear();
            if (f32) {
                var floats = chunk.asFloatBuffer();
                for (int i = from; i < from + count; i++) {
                    floats.put((float) values[i]);
                }
            } else {
                chunk.asDoubleBuffer().put(values, from, count);
            }
            out.write(chunk.array(), 0, count * width);
        }
    }

    /**
     * Reads a whole safetensors stream. {@code sourceName} is only used in error messages.
     *
     * @throws ModelFileException if the stream is not a well-formed safetensors file of F32/F64 tensors
     */
    public static Contents read(InputStream in, String sourceName) throws IOException {
        // readNBytes grows its buffer as bytes arrive, so a lying length cannot make it allocate up front.
        byte[] prefix = in.readNBytes(Long.BYTES);
        if (prefix.length < Long.BYTES) {
            throw new ModelFileException(sourceName, "file too short: " + prefix.length
                    + " bytes, but a safetensors file starts with an 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFileException(sourceName, "absurd header length " + Long.toUnsignedString(headerLength)
                    + " (limit " + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new ModelFileException(sourceName, "header length " + headerLength + " exceeds the "
                    + headerBytes.length + " bytes that follow it");
        }
        SafeTensorsHeader.Parsed header = SafeTensorsHeader.parse(headerBytes, sourceName);
        byte[] data = in.readNBytes(MAX_DATA_BYTES);
        if (data.length == MAX_DATA_BYTES && in.read() != -1) {
            throw new ModelFileException(sourceName, "tensor data is larger than the " + MAX_DATA_BYTES
                    + " bytes this reader supports");
        }
        List<SafeTensorsHeader.Entry> entries =
                SafeTensorsHeader.checkLayout(header.entries(), data.length, sourceName);
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry entry : entries) {
            tensors.put(entry.name(), decode(entry, buffer));
        }
        return new Contents(tensors, header.metadata());
    }

    private static Tensor decode(SafeTensorsHeader.Entry entry, ByteBuffer data) {
        // Layout was checked, so these int casts and slices are in range.
        ByteBuffer bytes = data.slice((int) entry.begin(), (int) (entry.end() - entry.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (entry.dtype().equals(Tensor.F32)) {
            float[] floats = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(floats);
            return Tensor.f32(entry.shape(), floats);
        }
        double[] doubles = new double[bytes.remaining() / Double.BYTES];
        bytes.asDoubleBuffer().get(doubles);
        return Tensor.f64(entry.shape(), doubles);
    }
}
