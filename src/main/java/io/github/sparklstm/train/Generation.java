package io.github.sparklstm.train;

import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import java.util.SplittableRandom;

/**
 * Symbols from a next-symbol model (a per-step, one-directional model whose classes are its input's symbols): the
 * prompt runs in windows of up to the model's steps, each starting where the last ended, then every sampled symbol
 * is fed back as a window of one step, so a long text costs one step per symbol and never a rerun of its prefix.
 *
 * <p>Sampling: p ∝ exp(logit / temperature) over the {@code topK} largest logits (0: all; ties with the K-th
 * largest are in), drawn by the inverse of the cumulative distribution in symbol order from one seeded stream;
 * temperature 0 takes the largest logit (the lowest symbol of a tie). The same model, prompt and settings give the
 * same symbols on any machine.
 */
public final class Generation {

    /** How many symbols to add, and how to draw them. */
    public record Settings(int length, double temperature, int topK, long seed) {
        public Settings {
            if (length < 0 || !(temperature >= 0) || Double.isInfinite(temperature) || topK < 0) {
                throw new IllegalArgumentException("length " + length + ", temperature " + temperature + ", top-k "
                        + topK + ": expected length >= 0, a finite temperature >= 0 and top-k >= 0");
            }
        }
    }

    private Generation() {
    }

    /** As {@link #continuation(LstmNetwork, int[], Settings)}, for the model of {@code spec} and {@code parameters}. */
    public static int[] continuation(ModelSpec spec, int steps, float[] parameters, int[] prompt, Settings settings) {
        LstmNetwork model = LstmNetwork.create(spec, steps, 1);
        model.parameters().copyFrom(parameters);
        return continuation(model, prompt, settings);
    }

    /** The {@code settings.length()} symbols that follow {@code prompt} (at least one symbol). */
    public static int[] continuation(LstmNetwork model, int[] prompt, Settings settings) {
        ModelSpec spec = model.spec();
        requireNextSymbolModel(spec);
        if (prompt.length == 0) {
            throw new IllegalArgumentException("an empty prompt: give at least one symbol");
        }
        LstmNetwork.State state = model.newState();
        model.startFrom(state);
        try {
            double[] last = null;
            for (int from = 0; from < prompt.length; from += model.steps()) {
                int steps = Math.min(model.steps(), prompt.length - from);
                model.forward(batch(spec, prompt, from, steps));
                model.saveState(state, 1);
                last = lastStep(model.logits(), steps, spec.classes());
            }
            SplittableRandom random = new SplittableRandom(settings.seed());
            int[] out = new int[settings.length()];
            for (int k = 0; k < out.length; k++) {
                out[k] = sample(last, settings.temperature(), settings.topK(), random);
                if (k + 1 < out.length) {
                    model.forward(batch(spec, out, k, 1));
                    model.saveState(state, 1);
                    last = lastStep(model.logits(), 1, spec.classes());
                }
            }
            return out;
        } finally {
            model.startFrom(null);
        }
    }

    /** As {@link #logProbabilities(LstmNetwork, int[])}, for the model of {@code spec} and {@code parameters}. */
    public static double[] logProbabilities(ModelSpec spec, int steps, float[] parameters, int[] symbols) {
        LstmNetwork model = LstmNetwork.create(spec, steps, 1);
        model.parameters().copyFrom(parameters);
        return logProbabilities(model, symbols);
    }

    /**
     * The natural log of the probability the model gives each symbol of {@code symbols} after the ones before it
     * (entry t - 1 for symbol t; the first has no context), reading the text in windows of the model's steps, each
     * starting where the last ended: the text as one stream, as PyTorch's nn.LSTM reads it in one call.
     */
    public static double[] logProbabilities(LstmNetwork model, int[] symbols) {
        requireNextSymbolModel(model.spec());
        int classes = model.spec().classes();
        double[] out = new double[Math.max(0, symbols.length - 1)];
        LstmNetwork.State state = model.newState();
        model.startFrom(state);
        try {
            for (int from = 0; from < out.length; from += model.steps()) {
                int steps = Math.min(model.steps(), out.length - from);
                model.forward(batch(model.spec(), symbols, from, steps));
                model.saveState(state, 1);
                double[] logits = model.logits();
                for (int t = 0; t < steps; t++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < classes; c++) {
                        max = Math.max(max, logits[t * classes + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < classes; c++) {
                        sum += Math.exp(logits[t * classes + c] - max);
                    }
                    out[from + t] = logits[t * classes + symbols[from + t + 1]] - max - Math.log(sum);
                }
            }
            return out;
        } finally {
            model.startFrom(null);
        }
    }

    /** The mean bits of {@link #logProbabilities}' symbols; NaN for none (a text of one symbol). */
    public static double bitsPerSymbol(double[] logProbabilities) {
        double nats = 0;
        for (double l : logProbabilities) {
            nats -= l;
        }
        return logProbabilities.length == 0 ? Double.NaN : nats / logProbabilities.length / Math.log(2);
    }

    private static void requireNextSymbolModel(ModelSpec spec) {
        if (spec.output() != ModelSpec.Output.STEPS || spec.bidirectional() || spec.classes() != spec.inputSize()) {
            throw new IllegalArgumentException("generation needs a one-directional per-step model whose classes are "
                    + "its input's symbols; this one is " + spec);
        }
    }

    /** One symbol of {@code logits}' distribution at {@code temperature} over the top {@code topK} (0: all). */
    public static int sample(double[] logits, double temperature, int topK, SplittableRandom random) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        if (temperature == 0 || topK == 1) {
            return best;
        }
        double floor = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < logits.length) {
            double[] sorted = logits.clone();
            java.util.Arrays.sort(sorted);
            floor = sorted[sorted.length - topK];
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int c = 0; c < logits.length; c++) {
            // Relative to the largest logit, so exp cannot overflow at small temperatures.
            weights[c] = logits[c] >= floor ? Math.exp((logits[c] - logits[best]) / temperature) : 0;
            total += weights[c];
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        int last = best;
        for (int c = 0; c < weights.length; c++) {
            if (weights[c] > 0) {
                cumulative += weights[c];
                last = c;
                if (u < cumulative) {
                    return c;
                }
            }
        }
        return last;
    }

    /* symbols[from, from+steps) as a batch of one stream: a symbol per step with an embedding, else one-hot. */
    private static SequenceBatch batch(ModelSpec spec, int[] symbols, int from, int steps) {
        int features = spec.batchFeatures();
        float[] inputs = new float[steps * features];
        for (int t = 0; t < steps; t++) {
            int symbol = symbols[from + t];
            if (symbol < 0 || symbol >= spec.inputSize()) {
                throw new IllegalArgumentException("symbol " + symbol + " is not in the model's "
                        + spec.inputSize() + "-symbol vocabulary");
            }
            if (spec.embeds()) {
                inputs[t] = symbol;
            } else {
                inputs[t * features + symbol] = 1f;
            }
        }
        return new SequenceBatch(1, steps, features, inputs, new int[] {0}, null, null);
    }

    /* The logits of the window's last step: rows are time-major, one stream, so the last row. */
    private static double[] lastStep(double[] logits, int steps, int classes) {
        double[] row = new double[classes];
        System.arraycopy(logits, (steps - 1) * classes, row, 0, classes);
        return row;
    }
}
