package io.github.sparklstm.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON header of a safetensors file: building it for the writer, and for the reader checking it
 * against the official rules, since a header may be hand-edited or belong to a truncated file.
 */
final class SafeTensorsHeader {
    private static final String METADATA_KEY = "__metadata__";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a repeated name would hide a tensor
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Where one tensor's bytes lie in the data buffer, before they are known to exist. */
    record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    /** Tensor entries in header order, and the metadata (empty if the file has none). */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private SafeTensorsHeader() {}

    /**
     * The compact JSON header, padded with spaces so that the data, which follows the 8-byte length and
     * the header, starts at an 8-aligned offset as the spec asks. Tensors are laid out in map order.
     */
    static byte[] encode(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY); // first, as the Python library writes it
            // Sorted: a Map.of iterates in an order that changes from one JVM to the next, and a file's bytes
            // (and so checkpoints' and models' digests) must not.
            new java.util.TreeMap<>(metadata).forEach((key, value) -> meta.put(Objects.requireNonNull(key, "metadata key"),
                    Objects.requireNonNull(value, () -> "metadata value of " + key)));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> named : tensors.entrySet()) {
            String name = named.getKey();
            Tensor tensor = Objects.requireNonNull(named.getValue(), () -> "tensor " + name);
            if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("cannot name a tensor '" + name + "' in a safetensors file");
            }
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", tensor.dtype());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long end = offset + (long) tensor.size() * Tensor.bytesPerElement(tensor.dtype());
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        if (offset > SafeTensors.MAX_DATA_BYTES) {
            throw new IllegalArgumentException(offset + " bytes of tensors is more than SafeTensors.read accepts");
        }
        byte[] json = JSON.writeValueAsBytes(header);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) & ~7);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    static Parsed parse(byte[] headerBytes, String source) throws ModelFileException {
        JsonNode header = parseJson(headerBytes, source);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue(), source);
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), source));
            }
        }
        return new Parsed(entries, metadata);
    }

    private static JsonNode parseJson(byte[] bytes, String source) throws ModelFileException {
        String text;
        try {
            // Decoding ourselves, strictly, because Jackson would guess UTF-16/32 and replace bad bytes.
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new ModelFileException(source, "header is not valid UTF-8");
        }
        JsonNode header;
        try {
            header = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(source, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException(source, "header is not a JSON object");
        }
        return header;
    }

    private static Map<String, String> parseMetadata(JsonNode node, String source) throws ModelFileException {
        if (!node.isObject()) {
            throw new ModelFileException(source, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new ModelFileException(source,
                        METADATA_KEY + " value of '" + field.getKey() + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(String name, JsonNode node, String source) throws ModelFileException {
        String what = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new ModelFileException(source, what + " is not a JSON object");
        }
        JsonNode dtypeNode = required(node, "dtype", what, source);
        if (!dtypeNode.isTextual()) {
            throw new ModelFileException(source, what + " has a dtype that is not a string: " + dtypeNode);
        }
        String dtype = dtypeNode.textValue();
        int width = Tensor.bytesPerElement(dtype);
        if (width < 0) {
            throw new ModelFileException(source, what + " has unsupported dtype " + dtype
                    + " (only F32 and F64 are supported)");
        }
        JsonNode shapeNode = required(node, "shape", what, source);
        if (!shapeNode.isArray()) {
            throw new ModelFileException(source, what + " has a shape that is not an array: " + shapeNode);
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 0) {
                throw new ModelFileException(source, what + " has shape " + shapeNode
                        + " with a dim that is not an int >= 0");
            }
            shape[i] = dim.intValue();
        }
        JsonNode offsets = required(node, "data_offsets", what, source);
        if (!offsets.isArray() || offsets.size() != 2 || !isOffset(offsets.get(0)) || !isOffset(offsets.get(1))) {
            throw new ModelFileException(source, what + " has data_offsets " + offsets
                    + ", not a pair [begin, end] of integers >= 0");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (end < begin) {
            throw new ModelFileException(source,
                    what + " has data_offsets " + offsets + " that end before they begin");
        }
        long count = Tensor.elementCount(shape);
        if (count < 0) {
            throw new ModelFileException(source, what + " has shape " + shapeNode
                    + " with more elements than a Java array holds");
        }
        long implied = count * width;
        if (implied != end - begin) {
            throw new ModelFileException(source, "header lies about sizes: " + what + " has shape " + shapeNode
                    + " of " + dtype + ", which takes " + implied + " bytes, but data_offsets " + offsets
                    + " give " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static JsonNode required(JsonNode node, String field, String what, String source)
            throws ModelFileException {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new ModelFileException(source, what + " has no " + field);
        }
        return value;
    }

    private static boolean isOffset(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0;
    }

    /**
     * The official rule: sorted by offset, tensors tile the data buffer exactly, with no overlap or hole.
     * Returns the entries in that order, which is the order a writer laid them out.
     */
    static List<Entry> checkLayout(List<Entry> headerOrder, long dataLength, String source)
            throws ModelFileException {
        List<Entry> entries = new ArrayList<>(headerOrder);
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long needed = entries.stream().mapToLong(Entry::end).max().orElse(0);
        if (needed > dataLength) {
            throw new ModelFileException(source, "truncated file: the header's tensors need " + needed
                    + " bytes of data but only " + dataLength + " bytes follow the header");
        }
        long next = 0;
        Entry previous = null;
        for (Entry entry : entries) {
            if (entry.begin() < next) {
                throw new ModelFileException(source, "tensors '" + previous.name() + "' and '" + entry.name()
                        + "' overlap: the second begins at byte " + entry.begin() + ", the first ends at " + next);
            }
            if (entry.begin() > next) {
                throw new ModelFileException(source, "tensors are not contiguous: bytes " + next + " to "
                        + entry.begin() + " before tensor '" + entry.name() + "' belong to no tensor");
            }
            next = entry.end();
            previous = entry;
        }
        if (next < dataLength) {
            throw new ModelFileException(source, (dataLength - next) + " trailing bytes after the last tensor"
                    + " (tensors end at byte " + next + " of " + dataLength + " bytes of data)");
        }
        return entries;
    }
}
