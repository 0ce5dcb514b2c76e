package io.github.sparklstm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.data.SequenceView;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model directory: {@code model.json} (architecture and data view) and {@code model.safetensors} (weights, F32,
 * in PyTorch {@code nn.LSTM} names and shapes; see {@link ParameterLayout}). A PyTorch user loads the weights with
 * {@code safetensors.torch.load_file} into {@code nn.LSTM(input_size, hidden_size, num_layers)} plus
 * {@code nn.Linear(hidden_size, classes)} named {@code out}; peephole tensors, which nn.LSTM lacks, are extra.
 */
public final class ModelFiles {

    public static final String JSON = "model.json";
    public static final String TENSORS = "model.safetensors";
    static final String FORMAT = "spark-lstm-model";
    static final int VERSION = 1;
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    public static void write(SavedModel model, OutputStream json, OutputStream tensors) throws IOException {
        JSON_MAPPER.writeValue(new NonClosing(json), describe(model));
        LinkedHashMap<String, Tensor> named = new LinkedHashMap<>();
        for (ParameterLayout.Slot slot : ParameterLayout.of(model.spec()).slots()) {
            float[] values = Arrays.copyOfRange(model.parameters(), slot.offset(), slot.offset() + slot.size());
            named.put(slot.name(), Tensor.f32(slot.shape(), values));
        }
        SafeTensors.write(tensors, named, Map.of("format", "pt", "producer", FORMAT));
    }

    /** Reads and cross-checks both files: every tensor the architecture needs, with its shape, and no other. */
    public static SavedModel read(InputStream json, String jsonName, InputStream tensors, String tensorsName)
            throws IOException {
        JsonNode root;
        try {
            root = JSON_MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFileException(jsonName, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ModelFileException(jsonName, "empty or not a JSON object");
        }
        ModelSpec spec = specOf(root, jsonName);
        SequenceView view = viewOf(root, jsonName);
        SafeTensors.Contents contents = SafeTensors.read(tensors, tensorsName);
        ParameterLayout layout = ParameterLayout.of(spec);
        float[] parameters = new float[layout.size()];
        for (ParameterLayout.Slot slot : layout.slots()) {
            Tensor tensor = contents.tensors().get(slot.name());
            if (tensor == null) {
                throw new ModelFileException(tensorsName, "missing tensor " + slot.name() + " that the architecture in "
                        + jsonName + " needs");
            }
            if (!Arrays.equals(tensor.shape(), slot.shape())) {
                throw new ModelFileException(tensorsName, "tensor " + slot.name() + " has shape "
                        + Arrays.toString(tensor.shape()) + " but the architecture in " + jsonName + " needs "
                        + Arrays.toString(slot.shape()));
            }
            System.arraycopy(tensor.toFloats(), 0, parameters, slot.offset(), slot.size());
        }
        for (String name : contents.tensors().keySet()) {
            if (!layout.has(name)) {
                throw new ModelFileException(tensorsName, "unexpected tensor " + name + " for the architecture in "
                        + jsonName);
            }
        }
        try {
            return new SavedModel(spec, view, parameters);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(jsonName, e.getMessage());
        }
    }

    /** Writes {@code dir/model.json} and {@code dir/model.safetensors}, each via a temporary file and a rename. */
    public static void write(SavedModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = Files.createTempFile(dir, ".model", ".json.tmp");
        Path tensors = Files.createTempFile(dir, ".model", ".safetensors.tmp");
        try {
            try (OutputStream j = Files.newOutputStream(json); OutputStream t = Files.newOutputStream(tensors)) {
                write(model, j, t);
            }
            Files.move(tensors, dir.resolve(TENSORS), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(json, dir.resolve(JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(json);
            Files.deleteIfExists(tensors);
        }
    }

    public static SavedModel read(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        Path tensors = dir.resolve(TENSORS);
        for (Path file : new Path[] {json, tensors}) {
            if (!Files.isRegularFile(file)) {
                throw new ModelFileException(file.toString(), "file not found");
            }
        }
        try (InputStream j = Files.newInputStream(json); InputStream t = Files.newInputStream(tensors)) {
            return read(j, json.toString(), t, tensors.toString());
        }
    }

    private static ObjectNode describe(SavedModel model) {
        ObjectNode root = JSON_MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", VERSION);
        ModelSpec spec = model.spec();
        ObjectNode architecture = root.putObject("architecture");
        architecture.put("type", "lstm_classifier");
        architecture.put("input_size", spec.inputSize());
        architecture.put("hidden_size", spec.hiddenSize());
        architecture.put("num_layers", spec.layers());
        architecture.put("peepholes", spec.peepholes());
        architecture.put("num_classes", spec.classes());
        architecture.put("gate_order", "i,f,g,o");
        architecture.put("head", "softmax on the last time step");
        SequenceView view = model.view();
        ObjectNode data = root.putObject("data");
        data.put("view", view.name());
        data.put("image_height", view.height());
        data.put("image_width", view.width());
        data.put("steps", view.steps());
        data.put("features", view.features());
        data.put("permutation_seed", view.permutationSeed());
        data.put("input", "(pixel / 255 - pixel_mean) / pixel_std");
        data.put("pixel_mean", view.pixelMean());
        data.put("pixel_std", view.pixelStd());
        ObjectNode tensors = root.putObject("tensors");
        for (ParameterLayout.Slot slot : ParameterLayout.of(spec).slots()) {
            var shape = tensors.putArray(slot.name());
            for (int dim : slot.shape()) {
                shape.add(dim);
            }
        }
        root.put("parameter_count", model.parameters().length);
        return root;
    }

    private static ModelSpec specOf(JsonNode root, String source) throws ModelFileException {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelFileException(source, "not a " + FORMAT + " file (format is \"" + root.path("format").asText()
                    + "\")");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != VERSION) {
            throw new ModelFileException(source, "format_version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        JsonNode a = root.path("architecture");
        try {
            return new ModelSpec(requiredInt(a, "input_size", source), requiredInt(a, "hidden_size", source),
                    requiredInt(a, "num_layers", source), a.path("peepholes").asBoolean(false),
                    requiredInt(a, "num_classes", source));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "architecture: " + e.getMessage());
        }
    }

    private static SequenceView viewOf(JsonNode root, String source) throws ModelFileException {
        JsonNode d = root.path("data");
        try {
            return SequenceView.of(d.path("view").asText(), requiredInt(d, "image_height", source),
                    requiredInt(d, "image_width", source), d.path("permutation_seed").asLong(0))
                    .standardized((float) d.path("pixel_mean").asDouble(0), (float) d.path("pixel_std").asDouble(1));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "data: " + e.getMessage());
        }
    }

    private static int requiredInt(JsonNode node, String field, String source) throws ModelFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ModelFileException(source, "missing or non-integer field " + field);
        }
        return value.intValue();
    }

    /* Jackson closes the stream it writes to; the caller owns it (it may be a Hadoop stream to close itself). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
