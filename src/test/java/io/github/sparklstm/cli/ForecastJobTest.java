package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forecaster on local Spark from a long table (store, date, sales, promo): series grouped on the executors,
 * split by time, trained on 2 workers, judged beside the naive and seasonal naive forecasts in summary.json,
 * metrics.jsonl and the console, its model.json keeping the series and windows; a gate on MASE; each bad input
 * refused in one line naming the series and the time.
 */
class ForecastJobTest {

    @TempDir
    static Path dir;
    private static Path table;

    /* Daily sales with a weekly season: a level and shape per store, a promo that lifts sales by a fifth. */
    static String sales(int stores, int days, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("store,date,sales,promo\n");
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int s = 0; s < stores; s++) {
            double level = random.nextDouble(20, 2000);
            double[] week = new double[7];
            for (int d = 0; d < 7; d++) {
                week[d] = random.nextDouble(0.6, 1.4);
            }
            for (int t = 0; t < days; t++) {
                int promo = (t / 3 + s) % 5 == 0 ? 1 : 0;
                double y = level * week[t % 7] * (1 + 0.2 * promo) * (1 + 0.05 * random.nextGaussian());
                csv.append("s").append(s).append(',').append(start.plusDays(t)).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", y)).append(',').append(promo).append('\n');
            }
        }
        return csv.toString();
    }

    @BeforeAll
    static void data() throws Exception {
        table = dir.resolve("sales");
        Files.createDirectories(table);
        // A store too new to judge: 10 days.
        String young = "s99,2024-01-01,5.0,0\n".repeat(0) + sales(1, 10, 9).lines().skip(1)
                .map(l -> l.replaceFirst("^s0,", "new,")).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(table.resolve("part-0.csv"), sales(24, 120, 3) + young);
    }

    private static List<String> settings(Path run, String data, String... more) {
        List<String> args = new ArrayList<>(List.of("model.task=forecast", "data.format=csv", "data.train=" + data,
                "series.idCol=store", "series.timeCol=date", "series.valueCols=sales", "series.covariateCols=promo",
                "series.frequency=day", "forecast.lookback=28", "forecast.horizon=7", "forecast.testSteps=14",
                "forecast.season=7", "model.hidden=32", "train.epochs=6", "train.batchSize=32", "train.workers=2",
                "train.averagingFrequency=4", "train.learningRate=0.01", "log.progress=epoch", "output=" + run));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aForecasterOfManySeriesBeatsTheSeasonalNaiveForecast() throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(settings(run, table.toString()));
        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        assertTrue(outcome.out().contains("data: 24 series; 1 skipped, shorter than the 49 steps a forecast needs "
                + "(the first: new, 10 steps)"), outcome.out());
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        double mase = summary.path("test_mase").asDouble();
        double seasonal = summary.path("test_seasonal_naive_mase").asDouble();
        System.out.printf("FORECAST job: test MASE %.3f (seasonal naive %.3f, naive %.3f), sMAPE %.2f%%%n", mase,
                seasonal, summary.path("test_naive_mase").asDouble(), summary.path("test_smape").asDouble());
        assertEquals(24L * 14, summary.path("test_forecast_values").asLong(), summary.toString());
        assertEquals(7, summary.path("test_mase_by_step").size());
        assertEquals(24, summary.path("series").asInt());
        assertEquals(1, summary.path("series_skipped").asInt());
        assertTrue(mase < seasonal, summary.toString());
        assertTrue(outcome.out().contains("done: test MASE"), outcome.out());

        JsonNode lastEval = null;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode m = new ObjectMapper().readTree(line);
            lastEval = "eval".equals(m.path("type").asText()) ? m : lastEval;
            assertTrue(!m.has("train_accuracy") && !m.has("test_accuracy"), "a forecaster has no accuracy: " + m);
        }
        assertEquals(mase, lastEval.path("test_mase").asDouble(), 1e-12);

        SavedModel model = ModelFiles.read(run.resolve("model"));
        assertEquals(ModelSpec.Loss.MSE, model.spec().loss());
        assertEquals(7, model.spec().classes(), "7 steps of one target");
        assertEquals(List.of("sales"), model.forecast().valueCols());
        assertEquals(28, model.forecast().windows().lookback());
        assertEquals(2, model.spec().inputSize(), "sales and promo");

        // The nightly forecast: the table without its last week, forecast a week ahead, against what came.
        Path known = dir.resolve("known");
        Files.createDirectories(known);
        List<String> all = Files.readAllLines(table.resolve("part-0.csv"));
        java.util.Map<String, double[]> actual = new java.util.HashMap<>();
        StringBuilder head = new StringBuilder(all.get(0)).append('\n');
        LocalDate cut = LocalDate.of(2024, 1, 1).plusDays(113);
        for (String line : all.subList(1, all.size())) {
            String[] f = line.split(",");
            LocalDate date = LocalDate.parse(f[1]);
            if (date.isBefore(cut)) {
                head.append(line).append('\n');
            } else {
                actual.computeIfAbsent(f[0], k -> new double[7])[(int) (date.toEpochDay() - cut.toEpochDay())] =
                        Double.parseDouble(f[2]);
            }
        }
        Files.writeString(known.resolve("part-0.csv"), head.toString());
        Path forecasts = dir.resolve("forecasts");
        JobHarness.Outcome forecast = JobHarness.run(List.of("forecast", "--model", run.resolve("model").toString(),
                "input=" + known, "input.format=csv", "output=" + forecasts, "output.format=csv"));
        assertEquals(0, forecast.exitCode(), forecast.err());
        assertTrue(forecast.out().contains("forecast 24 series 7 steps ahead (168 rows)") && forecast.out()
                .contains("1 series shorter than the lookback of 28 got none"), forecast.out());
        double modelError = 0;
        double seasonalError = 0;
        java.util.Map<String, Double> lastWeek = new java.util.HashMap<>();
        for (String line : head.toString().lines().skip(1).toList()) {
            String[] f = line.split(",");
            if (!LocalDate.parse(f[1]).isBefore(cut.minusDays(7))) {
                lastWeek.put(f[0] + "@" + (LocalDate.parse(f[1]).toEpochDay() - cut.toEpochDay() + 7),
                        Double.parseDouble(f[2]));
            }
        }
        int rows = 0;
        try (var parts = Files.list(forecasts)) {
            for (Path part : parts.filter(p -> p.toString().endsWith(".csv")).toList()) {
                for (String line : Files.readAllLines(part).subList(1, Files.readAllLines(part).size())) {
                    String[] f = line.split(",");
                    int h = Integer.parseInt(f[2]);
                    assertEquals(cut.plusDays(h - 1).toString(), f[1], line);
                    double y = actual.get(f[0])[h - 1];
                    modelError += Math.abs(Double.parseDouble(f[3]) - y);
                    seasonalError += Math.abs(lastWeek.get(f[0] + "@" + (h - 1)) - y);
                    rows++;
                }
            }
        }
        assertEquals(168, rows);
        System.out.printf("FORECAST command: MAE %.2f against the seasonal naive's %.2f on the week after%n",
                modelError / rows, seasonalError / rows);
        assertTrue(modelError < seasonalError, modelError + " against " + seasonalError);

        JobHarness.Outcome gated = JobHarness.run(settings(run, table.toString(), "resume=auto",
                "gate.maxTestMase=0.01"));
        assertEquals(Failures.EXIT_GATE, gated.exitCode(), gated.err() + gated.out());
        String misses = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("gate")
                .path("misses").toString();
        assertTrue(misses.contains("test MASE") && misses.contains("> gate.maxTestMase 0.01"), misses);
    }

    private static JobHarness.Outcome refused(String name, String csv, String... more) throws Exception {
        Path bad = dir.resolve(name);
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("part-0.csv"), csv);
        return JobHarness.run(settings(dir.resolve("run-" + name), bad.toString(), more));
    }

    /* 60 days of store a, with line {@code at} (0-based, after the header) replaced by {@code replacement}. */
    private static String oneStore(int at, String replacement) {
        List<String> lines = new ArrayList<>(sales(1, 60, 5).lines().toList());
        lines.replaceAll(l -> l.replaceFirst("^s0,", "a,"));
        if (replacement == null) {
            lines.remove(at + 1);
        } else {
            lines.set(at + 1, replacement);
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void badSeriesAreRefusedNamingTheSeriesAndTheTime() throws Exception {
        JobHarness.Outcome twice = refused("twice", oneStore(5, "a,2024-01-05,10.0,0"));
        assertEquals(Failures.EXIT_DATA, twice.exitCode(), twice.err());
        assertTrue(twice.error().contains("series a has two rows at 2024-01-05"), twice.error());

        JobHarness.Outcome nan = refused("nan", oneStore(7, "a,2024-01-08,NaN,0"));
        assertEquals(Failures.EXIT_DATA, nan.exitCode(), nan.err());
        assertTrue(nan.error().contains("series a at 2024-01-08: sales is NaN"), nan.error());

        JobHarness.Outcome gap = refused("gap", oneStore(9, null));
        assertEquals(Failures.EXIT_DATA, gap.exitCode(), gap.err());
        assertTrue(gap.error().contains("series a has no row for 1 step after 2024-01-09 (forecast.fillGaps="
                + "previous, linear or zero fills gaps)"), gap.error());
        assertEquals(0, refused("filled", oneStore(9, null), "forecast.fillGaps=linear", "train.epochs=1")
                .exitCode());

        JobHarness.Outcome text = refused("text", "store,date,sales,promo\na,2024-01-01,many,0\n");
        assertEquals(Failures.EXIT_CONFIG, text.exitCode(), text.err());
        assertTrue(text.error().contains("column sales (series.valueCols) is string, not a number"), text.error());

        JobHarness.Outcome missing = refused("missing", oneStore(3, "a,2024-01-04,1.0,0"), "series.idCol=shop");
        assertEquals(Failures.EXIT_CONFIG, missing.exitCode(), missing.err());
        assertTrue(missing.error().contains("has no column shop (series.idCol); its columns: store, date, sales, "
                + "promo"), missing.error());

        JobHarness.Outcome shortOnly = refused("short", oneStore(3, "a,2024-01-04,1.0,0"), "forecast.lookback=50");
        assertEquals(Failures.EXIT_DATA, shortOnly.exitCode(), shortOnly.err());
        assertTrue(shortOnly.error().contains("has no series of at least 71 steps"), shortOnly.error());
    }

    @Test
    void settingsThatDoNotFitAForecastAreRefused() {
        JobHarness.Outcome loss = JobHarness.run(List.of("model.loss=mae", "train.epochs=1"));
        assertEquals(Failures.EXIT_CONFIG, loss.exitCode(), loss.err());
        assertTrue(loss.error().contains("model.loss=mae regresses real values: set model.task=forecast"),
                loss.error());
        JobHarness.Outcome test = JobHarness.run(settings(dir.resolve("r"), table.toString(), "data.test=x"));
        assertEquals(Failures.EXIT_CONFIG, test.exitCode(), test.err());
        assertTrue(test.error().contains("data.test=x: a forecaster tests on the last forecast.testSteps"),
                test.error());
        JobHarness.Outcome steps = JobHarness.run(settings(dir.resolve("r"), table.toString(), "model.output=steps"));
        assertEquals(Failures.EXIT_CONFIG, steps.exitCode(), steps.err());
        assertTrue(steps.error().contains("model.output=steps predicts the next value at every step: set "
                + "forecast.horizon=1 (found 7)"), steps.error());
    }
}
