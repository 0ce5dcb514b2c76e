package io.github.sparklstm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private static SavedModel model(boolean peepholes, int layers) {
        ModelSpec spec = new ModelSpec(28, 12, layers, peepholes, 10);
        float[] params = new float[ParameterLayout.of(spec).size()];
        SplittableRandom random = new SplittableRandom(9);
        for (int k = 0; k < params.length; k++) {
            params[k] = (float) random.nextGaussian();
        }
        params[0] = -0.0f;
        params[1] = Float.MIN_VALUE;
        return new SavedModel(spec, SequenceFormat.ofImages(ImageView.of("rows", 28, 28, 0),
                InputScaling.uniform(28, 0.1307f, 0.3081f)), ClassLabels.integers(10), params);
    }

    @Test
    void roundTripIsBitExact(@TempDir Path dir) throws Exception {
        for (SavedModel original : new SavedModel[] {model(false, 1), model(true, 2)}) {
            Path at = dir.resolve("m" + original.spec().layers());
            ModelFiles.write(original, at);
            SavedModel read = ModelFiles.read(at);
            assertEquals(original.spec(), read.spec());
            assertEquals(original.format(), read.format());
            assertEquals(original.labels(), read.labels());
            float[] a = original.parameters();
            float[] b = read.parameters();
            assertEquals(a.length, b.length);
            for (int k = 0; k < a.length; k++) {
                assertEquals(Float.floatToRawIntBits(a[k]), Float.floatToRawIntBits(b[k]), "parameter " + k);
            }
        }
    }

    @Test
    void tensorsUsePyTorchNamesAndShapes() throws Exception {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        ModelFiles.write(model(false, 2), json, tensors);
        var contents = SafeTensors.read(new ByteArrayInputStream(tensors.toByteArray()), "t");
        assertEquals(java.util.List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "out.weight",
                "out.bias"), java.util.List.copyOf(contents.tensors().keySet()));
        assertArrayEquals(new int[] {48, 28}, contents.tensors().get("lstm.weight_ih_l0").shape());
        assertArrayEquals(new int[] {48, 12}, contents.tensors().get("lstm.weight_ih_l1").shape());
        assertArrayEquals(new int[] {10, 12}, contents.tensors().get("out.weight").shape());
        assertEquals("pt", contents.metadata().get("format"));
        assertTrue(json.toString().contains("\"hidden_size\" : 12"));
    }

    private static ModelFileException readWithTensors(SavedModel model, LinkedHashMap<String, Tensor> tensors)
            throws Exception {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ModelFiles.write(model, json, new ByteArrayOutputStream());
        ByteArrayOutputStream replaced = new ByteArrayOutputStream();
        SafeTensors.write(replaced, tensors, Map.of());
        return assertThrows(ModelFileException.class, () -> ModelFiles.read(
                new ByteArrayInputStream(json.toByteArray()), "m/model.json",
                new ByteArrayInputStream(replaced.toByteArray()), "m/model.safetensors"));
    }

    private static LinkedHashMap<String, Tensor> tensorsOf(SavedModel model) throws Exception {
        ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        ModelFiles.write(model, new ByteArrayOutputStream(), tensors);
        return SafeTensors.read(new ByteArrayInputStream(tensors.toByteArray()), "t").tensors();
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        SavedModel model = model(false, 1);
        var tensors = tensorsOf(model);
        tensors.remove("lstm.weight_hh_l0");
        ModelFileException e = readWithTensors(model, tensors);
        assertTrue(e.getMessage().startsWith("m/model.safetensors: missing tensor lstm.weight_hh_l0"), e.getMessage());
    }

    @Test
    void mismatchedShapeIsNamed() throws Exception {
        SavedModel model = model(false, 1);
        var tensors = tensorsOf(model);
        tensors.put("out.weight", Tensor.f32(new int[] {12, 10}, new float[120]));
        ModelFileException e = readWithTensors(model, tensors);
        assertTrue(e.getMessage().contains("tensor out.weight has shape [12, 10]"), e.getMessage());
        assertTrue(e.getMessage().contains("needs [10, 12]"), e.getMessage());
    }

    @Test
    void unexpectedTensorIsNamed() throws Exception {
        SavedModel model = model(false, 1);
        var tensors = tensorsOf(model);
        tensors.put("lstm.weight_ih_l1", Tensor.f32(new int[] {1}, new float[1]));
        assertTrue(readWithTensors(model, tensors).getMessage().contains("unexpected tensor lstm.weight_ih_l1"));
    }

    @Test
    void missingFilesAndBadJsonAreNamed(@TempDir Path dir) throws Exception {
        ModelFileException missing = assertThrows(ModelFileException.class, () -> ModelFiles.read(dir));
        assertTrue(missing.getMessage().contains("model.json: file not found"), missing.getMessage());
        ModelFiles.write(model(false, 1), dir);
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"spark-lstm-model\", \"format_version\": 1}");
        ModelFileException bad = assertThrows(ModelFileException.class, () -> ModelFiles.read(dir));
        assertTrue(bad.getMessage().contains("missing or non-integer field input_size"), bad.getMessage());
        Files.writeString(dir.resolve("model.json"), "{not json");
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFiles.read(dir)).getMessage()
                .contains("not valid JSON"));
    }

    @Test
    void tableModelsKeepStringLabelsAndPerFeatureScalingExactly(@TempDir Path dir) throws Exception {
        ModelSpec spec = new ModelSpec(3, 4, 1, false, 3);
        SplittableRandom random = new SplittableRandom(5);
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int f = 0; f < 3; f++) {
            mean[f] = (float) random.nextGaussian() * 1e3f;
            std[f] = (float) Math.abs(random.nextGaussian()) + 1e-7f;
        }
        SavedModel original = new SavedModel(spec, SequenceFormat.ofTables(9, 3, new InputScaling(mean, std)),
                ClassLabels.strings(java.util.List.of("cat", "dog", "emu")), new float[ParameterLayout.of(spec).size()]);
        ModelFiles.write(original, dir);
        SavedModel read = ModelFiles.read(dir);
        assertEquals(original.format(), read.format(), "scaling bits survive JSON");
        assertEquals("dog", read.labels().name(1));
        assertTrue(Files.readString(dir.resolve("model.json")).contains("\"source\" : \"table\""));
    }

    @Test
    void version1FilesOfMnistModelsStillLoad(@TempDir Path dir) throws Exception {
        SavedModel model = model(false, 1);
        ModelFiles.write(model, dir);
        Files.writeString(dir.resolve("model.json"), """
                {"format": "spark-lstm-model", "format_version": 1,
                 "architecture": {"type": "lstm_classifier", "input_size": 28, "hidden_size": 12, "num_layers": 1,
                                  "peepholes": false, "num_classes": 10},
                 "data": {"view": "rows", "image_height": 28, "image_width": 28, "steps": 28, "features": 28,
                          "permutation_seed": 0, "pixel_mean": 0.1307, "pixel_std": 0.3081}}
                """);
        SavedModel read = ModelFiles.read(dir);
        assertEquals(model.format(), read.format());
        assertEquals(ClassLabels.integers(10), read.labels());
    }
}
