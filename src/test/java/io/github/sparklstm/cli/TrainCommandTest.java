package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job end to end on local Spark: its outputs, and what a run leaves behind. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryOutputAndTheyParse(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, "train.workers=3"));
        assertEquals(0, outcome.exitCode(), outcome.err());

        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        long rounds = 0;
        long evals = 0;
        List<Double> testLosses = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode m = JSON.readTree(line);
            if ("round".equals(m.path("type").asText())) {
                rounds++;
                for (String field : List.of("round", "epoch", "step", "train_loss", "train_accuracy", "examples",
                        "examples_per_s", "round_ms", "compute_ms_max", "compute_ms_mean", "overhead_ms",
                        "broadcast_ms", "job_ms", "average_ms", "task_setup_ms_max", "task_pack_ms_max")) {
                    assertTrue(m.has(field), "round record lacks " + field + ": " + line);
                }
                assertEquals(rounds, m.path("round").asLong());
                // The parts lie inside the round, and every task's parts inside the job.
                assertTrue(m.path("broadcast_ms").asDouble() + m.path("job_ms").asDouble()
                        + m.path("average_ms").asDouble() <= m.path("round_ms").asDouble() + 1e-6, line);
                for (String part : List.of("task_setup_ms_max", "compute_ms_max", "task_pack_ms_max")) {
                    assertTrue(m.path(part).asDouble() <= m.path("job_ms").asDouble() + 1e-6, line);
                }
            } else if ("eval".equals(m.path("type").asText())) {
                evals++;
                testLosses.add(m.path("test_loss").asDouble());
                assertTrue(m.path("test_accuracy").asDouble() > 0.2, "no better than chance: " + line);
            }
        }
        // 1500 examples on 3 partitions of 500: 10 batches of 50, 4 rounds of <= 3 batches per epoch.
        assertEquals(8, rounds);
        assertEquals(2, evals);
        assertTrue(testLosses.get(1) < testLosses.get(0), "test loss did not fall: " + testLosses);

        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        for (String field : List.of("test_accuracy", "test_loss", "epochs", "rounds", "wall_s", "examples_per_s",
                "per_class", "confusion_matrix")) {
            assertTrue(summary.has(field), "summary lacks " + field);
        }
        assertEquals(10, summary.path("confusion_matrix").size());
        long total = 0;
        for (JsonNode row : summary.path("confusion_matrix")) {
            for (JsonNode count : row) {
                total += count.asLong();
            }
        }
        assertEquals(300, total);
        assertEquals(8, summary.path("rounds").asInt());

        byte[] png = Files.readAllBytes(run.resolve("curves.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        SavedModel model = ModelFiles.read(run.resolve("model"));
        assertEquals(16, model.spec().hiddenSize());
        assertEquals("rows", model.format().image().name());
        assertTrue(Files.readString(run.resolve("config.properties")).contains("train.workers=3"));
        assertFalse(Files.list(run.resolve("checkpoints")).toList().isEmpty());
    }

    @Test
    void refusesToOverwriteAFinishedRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), "{}");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run));
        assertEquals(Failures.EXIT_CONFIG, outcome.exitCode());
        assertTrue(outcome.err().contains("exists and is not empty"), outcome.err());
        assertEquals("{}", Files.readString(run.resolve("summary.json")));
    }
}
