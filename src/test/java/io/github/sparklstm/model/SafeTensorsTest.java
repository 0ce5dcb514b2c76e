package io.github.sparklstm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {
    private static final String SOURCE = "models/bad.safetensors";

    @Test
    void roundTripKeepsNamesOrderShapesDtypesAndBits() throws IOException {
        float[] weights = {1.5f, -0.0f, Float.MIN_VALUE, 0x1.234p-130f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY};
        double[] bias = {Math.PI, -0.0, Double.MIN_VALUE, -1e300, Double.POSITIVE_INFINITY};
        var tensors = new LinkedHashMap<String, Tensor>();
        // Not alphabetical, and mixing dtypes, so neither sorting nor a single dtype could pass by accident.
        tensors.put("lstm.w", Tensor.f32(new int[] {2, 3}, weights));
        tensors.put("dense.b", Tensor.f64(new int[] {5}, bias));
        tensors.put("empty", Tensor.f32(new int[] {0, 4}, new float[0]));
        tensors.put("b.f32", Tensor.f32(new int[] {3}, new float[] {0.1f, -7f, Float.NaN}));
        tensors.put("step", Tensor.f64(new int[] {}, new double[] {42}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "épochs=3 \"quoted\"");

        SafeTensors.Contents back = readBack(write(tensors, metadata));

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(metadata, back.metadata());
        for (var name : tensors.keySet()) {
            Tensor expected = tensors.get(name);
            Tensor actual = back.tensors().get(name);
            assertEquals(expected.dtype(), actual.dtype(), name);
            assertArrayEquals(expected.shape(), actual.shape(), name);
            assertEquals(expected.size(), actual.size(), name);
        }
        assertArrayEquals(floatBits(weights), floatBits(back.tensors().get("lstm.w").toFloats()));
        assertArrayEquals(doubleBits(bias), doubleBits(back.tensors().get("dense.b").values()));
        assertEquals(1, back.tensors().get("step").size());
        assertEquals(42.0, back.tensors().get("step").values()[0]);
        assertEquals(0, back.tensors().get("empty").size());
        assertEquals(tensors, back.tensors());
    }

    @Test
    void largeTensorsSurviveTheWritersChunking() throws IOException {
        var random = new Random(7);
        float[] floats = new float[40_000];
        double[] doubles = new double[20_001];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = Float.intBitsToFloat(random.nextInt() & 0x7f7fffff); // finite, any exponent
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = random.nextGaussian();
        }
        var tensors = new LinkedHashMap<String, Tensor>();
        tensors.put("f", Tensor.f32(new int[] {200, 200}, floats));
        tensors.put("d", Tensor.f64(new int[] {20_001}, doubles));
        SafeTensors.Contents back = readBack(write(tensors, Map.of()));
        assertArrayEquals(floatBits(floats), floatBits(back.tensors().get("f").toFloats()));
        assertArrayEquals(doubleBits(doubles), doubleBits(back.tensors().get("d").values()));
    }

    @Test
    void writesTheSafetensorsByteLayout() throws IOException {
        var tensors = new LinkedHashMap<String, Tensor>();
        tensors.put("w", Tensor.f32(new int[] {2}, new float[] {1.0f, -2.5f}));
        byte[] written = write(tensors, Map.of("format", "pt"));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        var expected = new ByteArrayOutputStream();
        expected.write(new byte[] {88, 0, 0, 0, 0, 0, 0, 0}); // 85 bytes of JSON padded to 88
        expected.write(json.getBytes(StandardCharsets.US_ASCII));
        expected.write(new byte[] {' ', ' ', ' '});
        expected.write(new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f = 0x3f800000, little-endian
        expected.write(new byte[] {0, 0, 0x20, (byte) 0xc0}); // -2.5f = 0xc0200000
        assertArrayEquals(expected.toByteArray(), written);
    }

    @Test
    void readsTensorsInDataOrderWhateverTheHeaderOrder() throws IOException {
        byte[] file = file("{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floatData(1f, 2f));
        SafeTensors.Contents contents = readBack(file);
        assertEquals(List.of("first", "second"), List.copyOf(contents.tensors().keySet()));
        assertEquals(2f, contents.tensors().get("second").toFloats()[0]);
        assertTrue(contents.metadata().isEmpty());
    }

    @Test
    void rejectsStreamShorterThanTheLength() {
        assertRejected(new byte[] {1, 2, 3}, "file too short", "3 bytes");
    }

    @Test
    void rejectsAbsurdHeaderLength() {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200L << 20).array();
        assertRejected(file, "absurd header length 209715200");
        assertRejected(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, "absurd header length 18446744073709551615");
    }

    @Test
    void rejectsHeaderLongerThanTheFile() {
        byte[] file = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        assertRejected(file, "header length 1000 exceeds the 10 bytes");
    }

    @Test
    void rejectsHeaderThatIsNotJsonOrNotAnObject() {
        assertRejected(file("{\"w\": ", new byte[0]), "header is not valid JSON");
        assertRejected(file("{} {}", new byte[0]), "header is not valid JSON");
        assertRejected(file("[1, 2]", new byte[0]), "header is not a JSON object");
        assertRejected(file("", new byte[0]), "header is not a JSON object");
        byte[] latin1 = "{\"\u00e9\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(file(latin1, new byte[0]), "header is not valid UTF-8");
    }

    @Test
    void rejectsDuplicateTensorNames() {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertRejected(file("{\"w\":" + entry + ",\"w\":" + entry + "}", floatData(1f)),
                "header is not valid JSON", "Duplicate field 'w'");
    }

    @Test
    void rejectsEntryMissingAField() {
        assertRejected(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", floatData(1f)),
                "tensor 'w' has no dtype");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", floatData(1f)),
                "tensor 'w' has no shape");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", floatData(1f)),
                "tensor 'w' has no data_offsets");
    }

    @Test
    void rejectsMalformedFieldValues() {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", floatData(1f)),
                "tensor 'w' has shape [-1]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", floatData(1f)),
                "not a pair [begin, end]");
        assertRejected(file("{\"__metadata__\":{\"epochs\":3}}", new byte[0]),
                "__metadata__ value of 'epochs' is not a string");
    }

    @Test
    void rejectsUnsupportedDtypeByName() {
        assertRejected(file("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", floatData(1f)),
                "tensor 'w' has unsupported dtype BF16");
    }

    @Test
    void rejectsHeaderThatLiesAboutSizes() {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]),
                "header lies about sizes", "tensor 'w'", "takes 24 bytes", "give 20 bytes");
    }

    @Test
    void rejectsTruncatedData() {
        assertRejected(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[0,32]}}", new byte[30]),
                "truncated file", "need 32 bytes", "only 30 bytes");
    }

    @Test
    void rejectsOverlappingTensors() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
                "tensors 'a' and 'b' overlap");
    }

    @Test
    void rejectsHoleBetweenTensors() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]),
                "not contiguous", "bytes 4 to 8 before tensor 'b'");
    }

    @Test
    void rejectsTrailingBytes() {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[7]),
                "3 trailing bytes after the last tensor");
    }

    @Test
    void writerRefusesWhatTheFormatCannotHold() {
        var reserved = new LinkedHashMap<String, Tensor>();
        reserved.put("__metadata__", Tensor.f32(new int[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> write(reserved, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Tensor("F32", new int[] {1}, new double[] {0.1}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.f64(new int[] {2, 2}, new double[3]));
    }

    private static void assertRejected(byte[] file, String... phrases) {
        var e = assertThrows(ModelFileException.class, () -> readBack(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(SOURCE + ": "), message);
        assertTrue(message.lines().count() == 1, message);
        for (String phrase : phrases) {
            assertTrue(message.contains(phrase), () -> "expected '" + phrase + "' in: " + message);
        }
    }

    private static byte[] write(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        var out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    private static SafeTensors.Contents readBack(byte[] file) throws IOException {
        return SafeTensors.read(new ByteArrayInputStream(file), SOURCE);
    }

    private static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    /** A file with an unpadded header, as other writers may produce: the reader must not need padding. */
    private static byte[] file(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    private static byte[] floatData(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static long[] doubleBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    @Test
    void bytesDoNotDependOnTheMetadataMapsOrder() throws Exception {
        java.util.LinkedHashMap<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("w", Tensor.f32(new int[] {2}, new float[] {1f, 2f}));
        java.util.LinkedHashMap<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        java.util.LinkedHashMap<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
        SafeTensors.write(first, tensors, ab);
        SafeTensors.write(second, tensors, ba);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first.toByteArray(), second.toByteArray());
    }
}
