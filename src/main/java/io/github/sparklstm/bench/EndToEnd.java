package io.github.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.cli.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The training job through local Spark with its default configuration, measured from its own metrics.jsonl: the
 * steady rate leaves out the rounds of the first epoch (JIT compilation and Spark start-up weigh on them), the
 * first epoch's rate is what a one-epoch run trains at, and the fixed cost of a round is the median of the rounds'
 * time outside the busiest partition's compute, first round left out.
 */
final class EndToEnd {

    record Result(int cores, double examplesPerSecond, double overheadFraction, double testAccuracy,
                  double dataLoadSeconds, double firstEpochExamplesPerSecond, double wholeRunExamplesPerSecond,
                  double fixedCostMillis, double firstRoundShare, String parts) {
    }

    /* A round's parts as the bench prints them: the field of each round record, and what to call it. */
    private static final String[][] PARTS = {{"broadcast_ms", "broadcast"}, {"job_ms", "job"},
        {"task_setup_ms_max", "of it the slowest task's setup"}, {"compute_ms_max", "compute"},
        {"task_pack_ms_max", "pack"}, {"average_ms", "average"}, {"since_previous_round_ms", "between rounds"}};

    private EndToEnd() {
    }

    static Result run(Path data, int epochs, String exchange) throws IOException {
        Path output = Files.createTempDirectory("spark-lstm-bench");
        try {
            System.setProperty("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
            System.setProperty("spark.ui.enabled", "false");
            int code = Main.run(new String[] {"data.path=" + data, "train.epochs=" + epochs,
                "averaging.exchange=" + exchange, "output=" + output.resolve("run"), "log.progress=none"}, new PrintStream(PrintStream.nullOutputStream()),
                    System.err);
            if (code != 0) {
                throw new IOException("the end-to-end run failed with exit code " + code);
            }
            ObjectMapper json = new ObjectMapper();
            long examples = 0;
            double millis = 0;
            double overhead = 0;
            long firstExamples = 0;
            double firstMillis = 0;
            java.util.List<Double> fixed = new java.util.ArrayList<>();
            java.util.List<double[]> later = new java.util.ArrayList<>();
            double firstRoundRate = Double.NaN;
            for (String line : Files.readAllLines(output.resolve("run/metrics.jsonl"))) {
                JsonNode m = json.readTree(line);
                if (!"round".equals(m.path("type").asText())) {
                    continue;
                }
                if (m.path("epoch").asInt() >= 2) {
                    examples += m.path("examples").asLong();
                    millis += m.path("round_ms").asDouble();
                    overhead += m.path("overhead_ms").asDouble();
                } else {
                    firstExamples += m.path("examples").asLong();
                    firstMillis += m.path("round_ms").asDouble();
                }
                if (m.path("round").asLong() > 1) {
                    fixed.add(m.path("overhead_ms").asDouble());
                    double[] values = new double[PARTS.length];
                    for (int k = 0; k < PARTS.length; k++) {
                        values[k] = m.path(PARTS[k][0]).asDouble();
                    }
                    later.add(values);
                } else {
                    firstRoundRate = m.path("examples_per_s").asDouble();
                }
            }
            java.util.Collections.sort(fixed);
            StringBuilder parts = new StringBuilder();
            for (int k = 0; k < PARTS.length; k++) {
                int part = k;
                parts.append(k == 0 ? "" : ", ").append(PARTS[k][1]).append(' ').append(String.format(
                        java.util.Locale.ROOT, "%.1f", later.isEmpty() ? Double.NaN
                                : EngineRate.median(later.stream().mapToDouble(v -> v[part]).toArray())));
            }
            JsonNode summary = json.readTree(output.resolve("run/summary.json").toFile());
            double steady = examples / (millis / 1000);
            return new Result(summary.path("workers").asInt(), steady, overhead / millis,
                    summary.path("test_accuracy").asDouble(), summary.path("data_load_s").asDouble(),
                    firstExamples / (firstMillis / 1000), summary.path("examples_per_s").asDouble(),
                    fixed.isEmpty() ? Double.NaN : fixed.get(fixed.size() / 2), firstRoundRate / steady,
                    parts.toString());
        } finally {
            delete(output);
        }
    }

    /** Deletes a run's temporary directory and everything in it. */
    static void delete(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
