package io.github.sparklstm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceFormat;
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
 * A model directory: {@code model.json} (architecture, input format and scaling, class labels) and
 * {@code model.safetensors} (weights, F32,
 * in PyTorch {@code nn.LSTM} names and shapes; see {@link ParameterLayout}). A PyTorch user loads the weights with
 * {@code safetensors.torch.load_file} into {@code nn.LSTM(input_size, hidden_size, num_layers)} plus
 * {@code nn.Linear(hidden_size, classes)} named {@code out}; peephole tensors, which nn.LSTM lacks, are extra.
 */
public final class ModelFiles {

    public static final String JSON = "model.json";
    public static final String TENSORS = "model.safetensors";
    static final String FORMAT = "spark-lstm-model";
    static final int VERSION = 2;
    /** Version 1 (data.view, pixel_mean and pixel_std of MNIST-only models) is still read. */
    static final int FIRST_VERSION = 1;
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
        int version = versionOf(root, jsonName);
        ModelSpec spec = specOf(root, jsonName);
        SequenceFormat format = version == FIRST_VERSION ? formatOfVersion1(root, jsonName) : formatOf(root, jsonName);
        io.github.sparklstm.data.SeriesTable forecast = ForecastJson.read(root, jsonName);
        ClassLabels labels = forecast != null ? null : version == FIRST_VERSION
                ? ClassLabels.integers(spec.classes()) : labelsOf(root, spec.classes(), jsonName);
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
            return new SavedModel(spec, format, labels, parameters, forecast);
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
        architecture.put("type", spec.regresses() ? "lstm_forecaster" : "lstm_classifier");
        architecture.put("input_size", spec.inputSize());
        architecture.put("hidden_size", spec.hiddenSize());
        architecture.put("num_layers", spec.layers());
        architecture.put("peepholes", spec.peepholes());
        architecture.put("bidirectional", spec.bidirectional());
        architecture.put("num_classes", spec.classes());
        architecture.put("gate_order", "i,f,g,o");
        if (spec.embeds()) {
            // PyTorch: nn.Embedding(input_size, embedding) in front of nn.LSTM(embedding, hidden_size, ...).
            architecture.put("embedding", spec.embedding());
        }
        architecture.put("output", spec.output().name().toLowerCase(java.util.Locale.ROOT));
        if (spec.regresses()) {
            architecture.put("loss", spec.loss().name().toLowerCase(java.util.Locale.ROOT));
        }
        architecture.put("head", spec.regresses() ? (spec.output() == ModelSpec.Output.STEPS
                ? "linear on every time step: the targets' next values" : "linear on the last time step: horizon x "
                + "targets values, h-major") : spec.output() == ModelSpec.Output.STEPS ? "softmax on every time step"
                : spec.bidirectional() ? "softmax on the forward direction's last step and the backward's first"
                : "softmax on the last time step");
        SequenceFormat format = model.format();
        ObjectNode input = root.putObject("input");
        input.put("steps", format.steps());
        input.put("variable_length", format.variableLength());
        input.put("features", format.features());
        input.put("source", format.isImage() ? "idx" : format.isText() ? "text" : "table");
        if (format.isText()) {
            input.put("text_unit", format.text().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (format.isImage()) {
            ImageView view = format.image();
            ObjectNode image = input.putObject("image");
            image.put("view", view.name());
            image.put("height", view.height());
            image.put("width", view.width());
            image.put("permutation_seed", view.permutationSeed());
            image.put("raw_value", "pixel / 255");
        }
        input.put("scaling", "(raw - mean[feature]) / std[feature]");
        // float -> double is exact and Jackson writes the double's shortest form, so reading it back as a double
        // and narrowing gives the same float bits.
        var mean = input.putArray("mean");
        var std = input.putArray("std");
        float[] m = format.scaling().mean();
        float[] sd = format.scaling().std();
        for (int f = 0; f < m.length; f++) {
            mean.add((double) m[f]);
            std.add((double) sd[f]);
        }
        if (model.forecast() != null) {
            ForecastJson.write(root.putObject("forecast"), model.forecast());
        } else {
            ObjectNode labels = root.putObject("labels");
            labels.put("type", model.labels().areStrings() ? "string" : "integer");
            var names = labels.putArray("names");
            model.labels().names().forEach(names::add);
        }
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

    private static int versionOf(JsonNode root, String source) throws ModelFileException {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelFileException(source, "not a " + FORMAT + " file (format is \"" + root.path("format").asText()
                    + "\")");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != VERSION && version != FIRST_VERSION) {
            throw new ModelFileException(source, "format_version " + version + " is not supported (expected "
                    + FIRST_VERSION + " or " + VERSION + ")");
        }
        return version;
    }

    private static ModelSpec specOf(JsonNode root, String source) throws ModelFileException {
        JsonNode a = root.path("architecture");
        try {
            String output = a.path("output").asText("last");
            if (!output.equals("last") && !output.equals("steps")) {
                throw new IllegalArgumentException("output is \"" + output + "\"; last or steps expected");
            }
            return new ModelSpec(requiredInt(a, "input_size", source), requiredInt(a, "hidden_size", source),
                    requiredInt(a, "num_layers", source), a.path("peepholes").asBoolean(false),
                    requiredInt(a, "num_classes", source), a.path("bidirectional").asBoolean(false),
                    output.equals("steps") ? ModelSpec.Output.STEPS : ModelSpec.Output.LAST,
                    a.path("embedding").asInt(0), ModelSpec.Loss.valueOf(a.path("loss").asText("cross_entropy")
                            .toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "architecture: " + e.getMessage());
        }
    }

    private static SequenceFormat formatOf(JsonNode root, String source) throws ModelFileException {
        JsonNode in = root.path("input");
        try {
            int steps = requiredInt(in, "steps", source);
            int features = requiredInt(in, "features", source);
            InputScaling scaling = new InputScaling(floats(in, "mean", features, source),
                    floats(in, "std", features, source));
            String kind = in.path("source").asText();
            if ("idx".equals(kind)) {
                JsonNode image = in.path("image");
                ImageView view = ImageView.of(image.path("view").asText(), requiredInt(image, "height", source),
                        requiredInt(image, "width", source), image.path("permutation_seed").asLong(0));
                return new SequenceFormat(steps, features, view, scaling);
            }
            if ("text".equals(kind)) {
                return SequenceFormat.ofText(steps, io.github.sparklstm.data.TextSymbols.Unit.valueOf(
                        in.path("text_unit").asText("char").toUpperCase(java.util.Locale.ROOT)));
            }
            if (!"table".equals(kind)) {
                throw new ModelFileException(source, "input.source must be \"idx\", \"table\" or \"text\", found \""
                        + kind + "\"");
            }
            return SequenceFormat.ofTables(steps, features, scaling, in.path("variable_length").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "input: " + e.getMessage());
        }
    }

    private static SequenceFormat formatOfVersion1(JsonNode root, String source) throws ModelFileException {
        JsonNode d = root.path("data");
        try {
            ImageView view = ImageView.of(d.path("view").asText(), requiredInt(d, "image_height", source),
                    requiredInt(d, "image_width", source), d.path("permutation_seed").asLong(0));
            return SequenceFormat.ofImages(view, InputScaling.uniform(view.features(),
                    (float) d.path("pixel_mean").asDouble(0), (float) d.path("pixel_std").asDouble(1)));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "data: " + e.getMessage());
        }
    }

    private static ClassLabels labelsOf(JsonNode root, int classes, String source) throws ModelFileException {
        JsonNode labels = root.path("labels");
        String type = labels.path("type").asText();
        try {
            if ("integer".equals(type)) {
                return ClassLabels.integers(classes);
            }
            if (!"string".equals(type)) {
                throw new ModelFileException(source, "labels.type must be \"integer\" or \"string\", found \""
                        + type + "\"");
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            labels.path("names").forEach(n -> names.add(n.asText()));
            if (names.size() != classes) {
                throw new ModelFileException(source, "labels.names has " + names.size() + " entries for "
                        + classes + " classes");
            }
            return ClassLabels.strings(names);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "labels: " + e.getMessage());
        }
    }

    private static float[] floats(JsonNode node, String field, int expected, String source)
            throws ModelFileException {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray() || array.size() != expected) {
            throw new ModelFileException(source, "input." + field + " must be an array of " + expected + " numbers");
        }
        float[] values = new float[expected];
        for (int i = 0; i < expected; i++) {
            if (!array.get(i).isNumber()) {
                throw new ModelFileException(source, "input." + field + "[" + i + "] is not a number");
            }
            values[i] = (float) array.get(i).doubleValue();
        }
        return values;
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
