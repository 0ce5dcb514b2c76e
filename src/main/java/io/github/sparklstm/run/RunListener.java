package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.distributed.training.DistributedTrainer;
import io.github.sparklstm.distributed.training.MetricRecords;
import io.github.sparklstm.train.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Turns the trainer's progress into metrics.jsonl records and console lines: one line per round (or per epoch)
 * with loss, accuracy, examples/s and time left, and one line per epoch with test accuracy.
 */
final class RunListener implements DistributedTrainer.Listener {

    private final RunDirectory run;
    private final PrintStream console;
    private final String progress;
    private final long started = System.nanoTime();
    private long examples;
    private double trainSeconds;
    private int batchesPerEpoch;
    private int roundsPerEpoch;
    /* Progress and clock at this process's first round: on resume the ETA extrapolates from what it trained. */
    private double firstProgress = -1;
    private double firstSeconds;

    /* A forecaster's rounds have no accuracy to report. */
    private final boolean forecast;

    RunListener(RunDirectory run, PrintStream console, String progress, boolean forecast) {
        this.run = run;
        this.console = console;
        this.progress = progress;
        this.forecast = forecast;
    }

    long examples() {
        return examples;
    }

    double trainSeconds() {
        return trainSeconds;
    }

    @Override
    public void onStart(int partitions, int[] partitionSizes, int batchesPerEpoch, int roundsPerEpoch) {
        this.batchesPerEpoch = batchesPerEpoch;
        this.roundsPerEpoch = roundsPerEpoch;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int size : partitionSizes) {
            min = Math.min(min, size);
            max = Math.max(max, size);
        }
        say(String.format(Locale.ROOT, "training on %d partitions of %d-%d examples: %d minibatches and %d rounds "
                + "per epoch", partitions, min, max, batchesPerEpoch, roundsPerEpoch));
    }

    @Override
    public void onRound(DistributedTrainer.RoundReport r) {
        examples += r.examples();
        trainSeconds += r.roundMillis() / 1000;
        ObjectNode m = MetricRecords.round(r);
        if (forecast) {
            m.remove("train_accuracy");
        }
        record(m);
        if ("round".equals(progress)) {
            long totalRounds = (long) roundsPerEpoch * r.epochs();
            double rate = examples / Math.max(1e-9, trainSeconds);
            double done = r.epoch() + (double) r.batchInEpoch() / batchesPerEpoch;
            if (firstProgress < 0) {
                firstProgress = done;
                firstSeconds = trainSeconds;
            }
            double secondsLeft = done > firstProgress
                    ? (r.epochs() - done) * (trainSeconds - firstSeconds) / (done - firstProgress) : Double.NaN;
            String accuracy = forecast ? "" : String.format(Locale.ROOT, "  acc %.2f%%", 100 * r.trainAccuracy());
            say(String.format(Locale.ROOT, "epoch %d/%d round %d/%d  loss %.4f%s  %,.0f ex/s  "
                            + "overhead %.0f%%  ETA %s", r.epoch() + 1, r.epochs(), r.round(), totalRounds,
                    r.trainLoss(), accuracy, rate, 100 * r.overheadMillis() / r.roundMillis(),
                    duration(secondsLeft)));
        }
    }

    @Override
    public void onEvaluation(int epoch, long round, long globalStep, Evaluation test) {
        record(MetricRecords.evaluation(epoch, round, globalStep, test, (System.nanoTime() - started) / 1e9));
        flush();
        if (!"none".equals(progress) && test.forecast() != null) {
            say(String.format(Locale.ROOT, "epoch %d done: test %s  loss %.4f  (%s elapsed)", epoch + 1,
                    forecastFigures(test.forecast()), test.meanLoss(), duration((System.nanoTime() - started) / 1e9)));
        } else if (!"none".equals(progress)) {
            String perStep = test.perStep() ? String.format(Locale.ROOT, " per step, %.2f%% of sequences whole, "
                    + "macro-F1 %.4f", 100 * test.sequenceAccuracy(), test.macroF1()) : "";
            String bits = test.perStep() ? String.format(Locale.ROOT, " (%.3f bits/step)", test.bitsPerStep()) : "";
            say(String.format(Locale.ROOT, "epoch %d done: test accuracy %.2f%%%s  test loss %.4f%s  (%s elapsed)",
                    epoch + 1, 100 * test.accuracy(), perStep, test.meanLoss(), bits,
                    duration((System.nanoTime() - started) / 1e9)));
        }
    }

    @Override
    public void onValidation(int epoch, long round, long globalStep, Evaluation validation) {
        record(MetricRecords.validation(epoch, round, globalStep, validation, (System.nanoTime() - started) / 1e9));
        if (!"none".equals(progress) && validation.forecast() != null) {
            say(String.format(Locale.ROOT, "epoch %d round %d: validation %s  loss %.4f", epoch + 1, round,
                    forecastFigures(validation.forecast()), validation.meanLoss()));
        } else if (!"none".equals(progress)) {
            say(String.format(Locale.ROOT, "epoch %d round %d: validation accuracy %.2f%%  loss %.4f", epoch + 1,
                    round, 100 * validation.accuracy(), validation.meanLoss()));
        }
    }

    @Override
    public void onCheckpoint(long round, String location) {
        flush();
        if (DriverLog.current() != null) {
            DriverLog.current().publish();
        }
    }

    @Override
    public void onDivergence(long round, int attempt, double learningRateScale) {
        ObjectNode m = event("divergence", round);
        m.put("attempt", attempt);
        m.put("learning_rate_scale", learningRateScale);
        record(m);
        say(String.format(Locale.ROOT, "round %d diverged (non-finite loss or parameters): rolled back, retrying "
                + "with the learning rate scaled by %.3g", round, learningRateScale));
    }

    @Override
    public void onExchange(long round, int epoch, String description) {
        ObjectNode m = event("exchange", round);
        m.put("epoch", epoch);
        m.put("exchange", description);
        record(m);
        say("rounds from round " + round + " (epoch " + (epoch + 1) + "): " + description);
    }

    /* A metrics.jsonl record of something that happened at a round. */
    private static ObjectNode event(String type, long round) {
        ObjectNode m = RunDirectory.JSON.createObjectNode();
        m.put("type", type);
        m.put("round", round);
        return m;
    }

    void flush() {
        try {
            run.flushMetrics();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(ObjectNode m) {
        try {
            run.addMetric(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void say(String line) {
        console.println(line);
        console.flush();
    }

    /** A forecast's line: MASE and sMAPE beside the seasonal naive and naive forecasts', and RMSE. */
    static String forecastFigures(io.github.sparklstm.train.ForecastMetrics f) {
        var model = io.github.sparklstm.train.ForecastMetrics.Method.MODEL;
        var seasonal = io.github.sparklstm.train.ForecastMetrics.Method.SEASONAL_NAIVE;
        var naive = io.github.sparklstm.train.ForecastMetrics.Method.NAIVE;
        return String.format(Locale.ROOT, "MASE %.4f (seasonal naive %.4f, naive %.4f)  sMAPE %.2f%% (%.2f%%, "
                + "%.2f%%)  RMSE %.4g", f.mase(model, -1), f.mase(seasonal, -1), f.mase(naive, -1),
                f.smape(model, -1), f.smape(seasonal, -1), f.smape(naive, -1), f.rmse(model, -1));
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
