package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plan}: the arithmetic of an epoch, the warnings, nothing written, and a prediction a real run meets. */
class PlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode plan(Path output, String... settings) throws Exception {
        List<String> args = new ArrayList<>(JobHarness.small(output, settings));
        args.add("--plan-json");
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        return JSON.readTree(outcome.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    @Test
    void anEpochIsCountedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("never");
        JsonNode plan = plan(output, "train.workers=3");
        assertFalse(Files.exists(output), "a plan must not touch the output");
        // 1,500 examples on 3 partitions: 500 each, 10 minibatches of 50, averaging every 3: 4 rounds.
        assertEquals(1500, plan.path("train_examples").asLong());
        assertEquals(500, plan.path("partition_examples_max").asLong());
        assertEquals(10, plan.path("minibatches_per_partition_per_epoch").asInt());
        assertEquals(4, plan.path("rounds_per_epoch").asInt());
        // 28 inputs, 16 units (two biases, as PyTorch), 10 classes: 4*16*(28+16+2) + 10*(16+1); Adam keeps two each.
        assertEquals(4 * 16 * 46 + 170, plan.path("parameters").asInt());
        assertEquals(2 * plan.path("parameters").asInt(), plan.path("optimizer_values").asInt());
        assertEquals(4L * 3 * plan.path("parameters").asInt(), plan.path("broadcast_bytes_per_round").asLong());
        assertTrue(plan.path("examples_per_s_one_thread").asDouble() > 0);
        // Three partitions on local[2]: the one thing to warn about.
        // The small test setup is a small run too (20 steps a replica), which the plan says.
        assertEquals(2, plan.path("warnings").size(), plan.path("warnings").toString());
        assertTrue(plan.path("warnings").get(0).asText().startsWith("a small run for 3 partitions"));
        assertTrue(plan.path("warnings").get(1).asText().startsWith("train.workers=3 is more than the 2 task slots"));
        List<Integer> workers = new ArrayList<>();
        plan.path("by_workers").forEach(row -> workers.add(row.path("workers").asInt()));
        assertEquals(List.of(1, 2, 3, 4), workers);

        // As text, the option first and the settings after it.
        List<String> args = new ArrayList<>(List.of("--plan"));
        args.addAll(JobHarness.small(output, "train.workers=3"));
        JobHarness.Outcome text = JobHarness.run(args);
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("plan: 1,500 training and 300 test examples on 3 partitions (2 task slots)")
                && text.out().contains("an epoch: at most 500 examples and 10 minibatches per partition, 4 rounds")
                && text.out().contains("<- this run"), text.out());
        assertFalse(Files.exists(output));
    }

    @Test
    void settingsThatDoNotDoWhatTheySayAreWarnedAbout(@TempDir Path dir) throws Exception {
        // 30 partitions of 50: one minibatch per epoch, one round; 30 partitions on 2 slots; warm-up past the end.
        JsonNode plan = plan(dir.resolve("never"), "train.workers=30", "train.averagingFrequency=32",
                "train.globalBatchLimit=0", "train.warmupSteps=100");
        String warnings = plan.path("warnings").toString();
        assertEquals(4, plan.path("warnings").size(), warnings);
        assertTrue(warnings.contains("train.averagingFrequency=32 is more than the 1 minibatches")
                && warnings.contains("a small run for 30 partitions: 1 round an epoch")
                && warnings.contains("train.workers=30 is more than the 2 task slots: in local mode each round's "
                        + "2 tasks train up to 15 partitions each")
                && warnings.contains("train.warmupSteps=100 is longer than the whole run"), warnings);
    }

    @Test
    void thePredictionMeetsARealRunWithinAFactorOfThree(@TempDir Path dir) throws Exception {
        // Enough compute that it, not start-up, decides the time: 6,000 examples, 3 epochs, 2 workers, the default
        // model's size (a small one trains in Spark's tasks at a fraction of the calibrated rate: per-step costs).
        String[] setup = {"data.trainLimit=6000", "model.hidden=128", "train.epochs=3", "train.workers=2",
            "train.averagingFrequency=8"};
        JsonNode plan = plan(dir.resolve("never"), setup);
        Path run = dir.resolve("run");
        assertEquals(0, JobHarness.run(JobHarness.small(run, setup)).exitCode());
        // The rounds' time, which the plan predicts as compute plus the fixed costs of rounds and their tasks'
        // start each epoch; the first round, which carries the fresh JVM's compilation, is left out of both.
        List<JsonNode> rounds = JSON.readTree("[" + String.join(",", Files.readAllLines(run.resolve(
                "metrics.jsonl"))) + "]").findParents("round_ms");
        double measured = rounds.stream().skip(1).mapToDouble(r -> r.path("round_ms").asDouble()).sum() / 1000;
        double predicted = plan.path("epoch_rounds_s").asDouble() * 3 * (rounds.size() - 1) / rounds.size();
        System.out.printf("PLAN predicted %.2f s of rounds, measured %.2f s (ratio %.2f)%n", predicted, measured,
                measured / predicted);
        // These VMs' speed drifts by 10-30% and another process on the two cores halves it; measured ratios are
        // 1.3-1.5 alone and 2.2 beside a build, so the bound is three, which still catches a plan that is wrong.
        assertTrue(measured > predicted / 3 && measured < predicted * 3,
                "predicted " + predicted + " s, measured " + measured + " s");
    }
}
