package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import io.github.sparklstm.sweep.Trials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sweeps: a grid in both trial modes, results and plot written, a failing trial reported, a rerun resumed. */
class SweepTest {

    private static final List<String> SMALL = List.of("data.trainLimit=1000", "data.testLimit=200",
            "model.hidden=8", "train.batchSize=50", "train.epochs=2", "train.workers=2", "eval.batchSize=100");

    static JobHarness.Outcome sweep(Path output, String... args) {
        List<String> all = new ArrayList<>(List.of("sweep"));
        all.addAll(SMALL);
        all.addAll(List.of(args));
        all.add("output=" + output);
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.serializer", JobHarness.KRYO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new JobHarness.Outcome(code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8)).withoutStackTraces();
        } finally {
            System.clearProperty("spark.serializer");
        }
    }

    private static List<String[]> rows(Path output) throws Exception {
        return Files.readAllLines(output.resolve("results.csv")).stream().skip(1).map(l -> l.split(",", -1))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks", "distributed"})
    void aGridRunsEveryTrialAndAFailingOneIsARow(String mode, @TempDir Path dir) throws Exception {
        Path output = dir.resolve("sweep");
        // learningRate=1e5 with plain SGD and no clipping diverges: that trial fails, the others finish.
        JobHarness.Outcome outcome = sweep(output, "--mode=" + mode, "--grid", "model.hidden=8,16", "--grid",
                "train.learningRate=0.01,100000", "train.optimizer=sgd", "train.clipNorm=0");
        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        List<String[]> rows = rows(output);
        assertEquals(4, rows.size());
        long failed = rows.stream().filter(r -> r[3].equals("failed")).count();
        assertEquals(2, failed, outcome.out());
        assertTrue(rows.stream().filter(r -> r[3].equals("failed")).allMatch(r -> r[10].contains("diverged")),
                Files.readString(output.resolve("results.csv")));
        String[] best = rows.get(0);
        assertEquals("done", best[3]);
        assertEquals("0.01", best[2]);
        assertTrue(Double.parseDouble(best[5]) > 0, Arrays.toString(best));
        assertTrue(outcome.out().contains("best: " + best[0]), outcome.out());
        for (String file : List.of("results.md", "sweep.png", "sweep.json", "trials/trial-000/summary.json",
                "trials/trial-000/model/model.safetensors", "trials/trial-001/console.log")) {
            assertTrue(Files.exists(output.resolve(file)), file);
        }
    }

    @Test
    void aStudyByTestAccuracyHoldsNothingOutAndRanksTrialsByTheTestSet(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("study");
        JobHarness.Outcome outcome = sweep(output, "--metric", "test_accuracy", "--grid", "model.hidden=4,8");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("every trial trains on all the training data"), outcome.out());
        List<String[]> rows = rows(output);
        assertEquals(2, rows.size());
        // trial, model.hidden, status, epochs, best_test_accuracy (the best epoch's), best_epoch, test_accuracy;
        // the rows come best first.
        for (String[] row : rows) {
            assertTrue(Double.parseDouble(row[3]) >= Double.parseDouble(row[5]), Arrays.toString(row));
        }
        assertTrue(Double.parseDouble(rows.get(0)[3]) >= Double.parseDouble(rows.get(1)[3]));
        for (String trial : List.of("trial-000", "trial-001")) {
            String metrics = Files.readString(output.resolve("trials").resolve(trial).resolve("metrics.jsonl"));
            assertTrue(!metrics.contains("\"type\":\"validation\""), "no validation set: " + trial);
        }
    }

    @Test
    void aRerunSkipsFinishedTrialsAndAnotherSweepIsRefused(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("sweep");
        assertEquals(0, sweep(output, "--grid", "model.hidden=4,8").exitCode());
        Path summary = output.resolve("trials/trial-001/summary.json");
        String before = Files.readString(summary);
        Files.delete(output.resolve("trials/trial-000/summary.json")); // as if that trial had not finished
        JobHarness.Outcome again = sweep(output, "--grid", "model.hidden=4,8");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("1 trial(s) as Spark tasks"), again.out());
        assertEquals(before, Files.readString(summary), "a finished trial ran again");
        assertEquals(2, rows(output).size());
        JobHarness.Outcome other = sweep(output, "--grid", "model.hidden=4,8,12");
        assertEquals(Failures.EXIT_CONFIG, other.exitCode());
        assertTrue(other.err().contains("holds another sweep"), other.err());
    }

    @Test
    void successiveHalvingContinuesTheBestTrials(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("halving");
        JobHarness.Outcome outcome = sweep(output, "--mode=distributed", "--halving", "--halving-rate=2",
                "--grid", "train.learningRate=0.001,0.003,0.01,0.03", "train.epochs=4");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("rung 3, 1 trial(s) for 4 epoch(s)"), outcome.out());
        List<String[]> rows = rows(output); // trial, learningRate, status, epochs, ...
        assertEquals("4", rows.get(0)[3], "the winner trains all 4 epochs: " + Arrays.toString(rows.get(0)));
        assertEquals(2, rows.stream().filter(r -> r[2].equals("halted after rung 1")).count());
        assertEquals(1, rows.stream().filter(r -> r[2].equals("halted after rung 2")).count());
    }

    @Test
    void badSweepsAreRefusedBeforeTraining(@TempDir Path dir) {
        assertEquals(Failures.EXIT_CONFIG, sweep(dir.resolve("a"), "--grid", "model.hiden=4,8").exitCode());
        JobHarness.Outcome range = sweep(dir.resolve("b"), "--random", "3", "--range", "train.learningRate=log:0:1");
        assertEquals(Failures.EXIT_CONFIG, range.exitCode());
        assertTrue(range.err().contains("need 0 < LO < HI"), range.err());
        assertEquals(Failures.EXIT_CONFIG, sweep(dir.resolve("c"), "--grid", "model.hidden=0,8").exitCode());
    }

    @Test
    void randomDrawsAreReproducible(@TempDir Path dir) {
        Trials a = Trials.random(5, List.of("train.learningRate=log:1e-4:1e-1", "model.hidden=int:8:64",
                "train.optimizer=choice:adam,sgd"), 3);
        Trials b = Trials.random(5, List.of("train.learningRate=log:1e-4:1e-1", "model.hidden=int:8:64",
                "train.optimizer=choice:adam,sgd"), 3);
        assertEquals(a, b);
        for (Trials.Trial t : a.trials()) {
            double rate = Double.parseDouble(t.settings().get("train.learningRate"));
            assertTrue(rate >= 1e-4 && rate <= 1e-1, t.toString());
            int hidden = Integer.parseInt(t.settings().get("model.hidden"));
            assertTrue(hidden >= 8 && hidden <= 64, t.toString());
        }
    }
}
