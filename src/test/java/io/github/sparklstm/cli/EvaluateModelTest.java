package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.model.SafeTensors;
import io.github.sparklstm.run.Failures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model loads and scores as the run reported; damaged model directories are named and refused. */
class EvaluateModelTest {

    private static Path run;

    @BeforeAll
    static void train(@TempDir Path dir) {
        run = dir.resolve("run");
        assertEquals(0, JobHarness.run(JobHarness.small(run, "data.testLimit=10000")).exitCode());
    }

    private static JobHarness.Outcome evaluate(Path model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"evaluate", "--model", model.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new JobHarness.Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8))
                .withoutStackTraces();
    }

    @Test
    void scoresTheModelAsTheRunDid() throws Exception {
        JobHarness.Outcome outcome = evaluate(run.resolve("model"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode evaluated = json.readTree(outcome.out());
        JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
        assertEquals(10000, evaluated.path("test_examples").asLong());
        assertEquals(summary.path("test_accuracy").asDouble(), evaluated.path("test_accuracy").asDouble(), 2e-4);
        assertEquals(summary.path("test_loss").asDouble(), evaluated.path("test_loss").asDouble(), 1e-4);
    }

    @Test
    void aMissingTensorIsNamed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Files.copy(run.resolve("model/model.json"), model.resolve("model.json"));
        var contents = SafeTensors.read(Files.newInputStream(run.resolve("model/model.safetensors")), "m");
        contents.tensors().remove("lstm.bias_hh_l0");
        try (var out = Files.newOutputStream(model.resolve("model.safetensors"))) {
            SafeTensors.write(out, contents.tensors(), Map.of());
        }
        JobHarness.Outcome outcome = evaluate(model);
        assertEquals(Failures.EXIT_DATA, outcome.exitCode());
        assertTrue(outcome.err().contains("model.safetensors: missing tensor lstm.bias_hh_l0"), outcome.err());
    }

    @Test
    void aHeaderThatLiesAboutSizesIsNamed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Files.copy(run.resolve("model/model.json"), model.resolve("model.json"));
        byte[] bytes = Files.readAllBytes(run.resolve("model/model.safetensors"));
        String header = new String(bytes, 8, (int) java.nio.ByteBuffer.wrap(bytes, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(), StandardCharsets.UTF_8);
        // Claim out.bias is [11] while its offsets still hold 10 floats: same header length, a lie about sizes.
        String lying = header.replace("\"out.bias\":{\"dtype\":\"F32\",\"shape\":[10]",
                "\"out.bias\":{\"dtype\":\"F32\",\"shape\":[11]");
        assertTrue(!lying.equals(header), "header layout changed: " + header);
        byte[] patched = bytes.clone();
        System.arraycopy(lying.getBytes(StandardCharsets.UTF_8), 0, patched, 8, lying.length());
        Files.write(model.resolve("model.safetensors"), patched);
        JobHarness.Outcome outcome = evaluate(model);
        assertEquals(Failures.EXIT_DATA, outcome.exitCode());
        assertTrue(outcome.err().contains("model.safetensors") && outcome.err().contains("out.bias"), outcome.err());
    }

    @Test
    void aMissingDirectoryIsNamed(@TempDir Path dir) {
        JobHarness.Outcome outcome = evaluate(dir.resolve("nothing"));
        assertEquals(Failures.EXIT_DATA, outcome.exitCode());
        assertTrue(outcome.err().contains("model.json: file not found"), outcome.err());
    }
}
