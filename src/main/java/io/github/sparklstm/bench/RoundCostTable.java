package io.github.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.cli.Main;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The fixed cost of a round as a function of the partition count, broken down: real training rounds of the
 * default model (its parameters and Adam state broadcast, trained, returned and averaged) with almost no compute in
 * them (one minibatch of two examples per partition and round), so that what a round costs besides its compute
 * shows. Each partition count is a short run of the job itself on {@code master}; the parts come from its
 * metrics.jsonl (the driver's clock and each task's own) and from Spark's task metrics. The fixed cost is the
 * round's time less its critical compute path (the busiest partition, or all compute spread over the task slots).
 */
final class RoundCostTable {

    private static final int ROUNDS_PER_EPOCH = 12;
    private static final int BATCH = 2;
    /* Every run starts its own executors (on a cluster, new JVMs): the last of a few epochs is timed. */
    private static final int EPOCHS = 8;

    private RoundCostTable() {
    }

    static void print(String master, Path data, List<Integer> partitionCounts, String exchange) throws IOException {
        Config defaults = Config.load("", "the defaults", List.of());
        int parameters = ParameterLayout.of(new ModelSpec(28, defaults.integer("model.hidden"),
                defaults.integer("model.layers"), defaults.flag("model.peepholes"), 10)).size();
        System.out.printf("round cost on %s, averaging.exchange=%s: training rounds of the default model (%,d "
                + "parameters + %,d Adam values each way per partition) with one minibatch of %d examples per "
                + "partition; medians over the %d rounds of epoch %d of %d and their Spark tasks (through the driver "
                + "endpoint a task serves the epoch's rounds: its columns say little), milliseconds%n", master,
                exchange, parameters, 2 * parameters, BATCH, ROUNDS_PER_EPOCH, EPOCHS, EPOCHS);
        System.out.println("| partitions | round | fixed cost | broadcast | job | task: scheduler delay | deserialize "
                + "| setup | compute | pack | result serialize | getting result | average | between rounds (max) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                + "| ---: | ---: |");
        // A run untimed first: the first rounds of a JVM run at a fraction of the speed (JIT, class loading).
        run(master, data, partitionCounts.get(0), exchange);
        for (int partitions : partitionCounts) {
            List<JsonNode> rounds = run(master, data, partitions, exchange);
            List<RoundTaskMetrics.Task> tasks = RoundTaskMetrics.drain();
            List<JsonNode> later = rounds.subList(1, rounds.size()); // the first follows the evaluation
            System.out.printf("| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f | %.1f (%.0f) |%n", partitions, median(rounds, "round_ms"),
                    median(rounds, "overhead_ms"), median(rounds, "broadcast_ms"), median(rounds, "job_ms"),
                    medianOf(tasks, RoundTaskMetrics.Task::schedulerDelay),
                    medianOf(tasks, RoundTaskMetrics.Task::deserialize), median(rounds, "task_setup_ms_max"),
                    median(rounds, "compute_ms_max"), median(rounds, "task_pack_ms_max"),
                    medianOf(tasks, RoundTaskMetrics.Task::resultSerialize),
                    medianOf(tasks, RoundTaskMetrics.Task::gettingResult), median(rounds, "average_ms"),
                    median(later, "since_previous_round_ms"), max(later, "since_previous_round_ms"));
        }
    }

    /* The round records of the last epoch of a run on {@code partitions}. */
    private static List<JsonNode> run(String master, Path data, int partitions, String exchange)
            throws IOException {
        RoundTaskMetrics.watchEpoch(EPOCHS, EPOCHS);
        RoundTaskMetrics.drain();
        Path output = Files.createTempDirectory("spark-lstm-round-cost");
        try {
            System.setProperty("spark.master", master);
            System.setProperty("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.extraListeners", RoundTaskMetrics.class.getName());
            int code = Main.run(new String[] {"data.path=" + data.toAbsolutePath(), "train.workers=" + partitions,
                "train.batchSize=" + BATCH, "train.globalBatchLimit=0", "train.averagingFrequency=1",
                "averaging.exchange=" + exchange,
                "data.trainLimit=" + partitions * BATCH * ROUNDS_PER_EPOCH, "data.testLimit=100", "train.epochs=" + EPOCHS,
                "output=" + output.resolve("run"), "log.progress=none"},
                    new PrintStream(PrintStream.nullOutputStream()), System.err);
            if (code != 0) {
                throw new IOException("the round-cost run on " + partitions + " partitions failed with exit code "
                        + code);
            }
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> rounds = new ArrayList<>();
            for (String line : Files.readAllLines(output.resolve("run/metrics.jsonl"))) {
                JsonNode m = json.readTree(line);
                if ("round".equals(m.path("type").asText()) && m.path("epoch").asInt() == EPOCHS) {
                    rounds.add(m);
                }
            }
            return rounds;
        } finally {
            System.clearProperty("spark.extraListeners");
            EndToEnd.delete(output);
        }
    }

    private static double median(List<JsonNode> rounds, String field) {
        return EngineRate.median(rounds.stream().mapToDouble(m -> m.path(field).asDouble()).toArray());
    }

    private static double max(List<JsonNode> rounds, String field) {
        return rounds.stream().mapToDouble(m -> m.path(field).asDouble()).max().orElse(Double.NaN);
    }

    private static double medianOf(List<RoundTaskMetrics.Task> tasks, ToDoubleFunction<RoundTaskMetrics.Task> part) {
        return tasks.isEmpty() ? Double.NaN : EngineRate.median(tasks.stream().mapToDouble(part).toArray());
    }
}
