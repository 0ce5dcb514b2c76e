package io.github.sparklstm.data;

import java.util.Objects;

/**
 * Sequences as float32 values, example after example, each row-major (steps x features), with int labels: how rows
 * of a table are kept once read. All have {@code steps} steps when {@code ends} is null; otherwise example e has
 * steps {@code [ends[e-1], ends[e])} of the concatenated steps (ends[-1] = 0), at most {@code steps} of them.
 * Labelled per step, {@code stepLabels} has one label per step of the concatenated steps (negative: none), and
 * {@code labels} is unused (negative); null for sets labelled per sequence.
 */
public record FloatSequences(float[] values, int[] labels, int steps, int features, int[] ends, int[] stepLabels)
        implements SequenceSet {

    public FloatSequences {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(labels, "labels");
        if (steps <= 0 || features <= 0) {
            throw new IllegalArgumentException("steps and features must be positive, got " + steps + ", "
                    + features);
        }
        long totalSteps = (long) labels.length * steps;
        if (ends != null) {
            checkEnds(ends, labels.length, steps);
            totalSteps = labels.length == 0 ? 0 : ends[labels.length - 1];
        }
        if (values.length != totalSteps * features) {
            throw new IllegalArgumentException(values.length + " values do not make " + labels.length
                    + " sequences of " + (ends == null ? steps + " x " + features : totalSteps + " steps in all x "
                    + features));
        }
        if (stepLabels != null && stepLabels.length != totalSteps) {
            throw new IllegalArgumentException(stepLabels.length + " step labels for " + totalSteps + " steps");
        }
        for (int label : labels) {
            if (label < 0 && stepLabels == null) {
                throw new IllegalArgumentException("negative label " + label);
            }
        }
    }

    /** Sequences of {@code steps} steps each. */
    public FloatSequences(float[] values, int[] labels, int steps, int features) {
        this(values, labels, steps, features, null, null);
    }

    /** Sequences labelled per sequence. */
    public FloatSequences(float[] values, int[] labels, int steps, int features, int[] ends) {
        this(values, labels, steps, features, ends, null);
    }

    @Override
    public boolean perStep() {
        return stepLabels != null;
    }

    @Override
    public int stepLabel(int example, int step) {
        Objects.checkIndex(step, length(example));
        return stepLabels[firstStep(example) + step];
    }

    private static void checkEnds(int[] ends, int n, int steps) {
        if (ends.length != n) {
            throw new IllegalArgumentException(n + " sequences need " + n + " ends, got " + ends.length);
        }
        int previous = 0;
        for (int e = 0; e < n; e++) {
            int length = ends[e] - previous;
            if (length < 1 || length > steps) {
                throw new IllegalArgumentException("sequence " + e + " has " + length + " steps; 1.." + steps
                        + " allowed");
            }
            previous = ends[e];
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int example) {
        return labels[example];
    }

    @Override
    public boolean ragged() {
        return ends != null;
    }

    @Override
    public int length(int example) {
        return ends == null ? steps : ends[example] - firstStep(example);
    }

    /* Where example's steps start among all steps. */
    private int firstStep(int example) {
        return ends == null ? example * steps : example == 0 ? 0 : ends[example - 1];
    }

    /** The raw value of {@code example} at {@code step}, {@code feature}. */
    public float value(int example, int step, int feature) {
        Objects.checkIndex(step, length(example));
        Objects.checkIndex(feature, features);
        return values[(firstStep(example) + step) * features + feature];
    }

    @Override
    public BatchWriter writer(InputScaling scaling) {
        if (scaling.features() != features) {
            throw new IllegalArgumentException("scaling for " + scaling.features() + " features, data has "
                    + features);
        }
        float[] mean = scaling.mean();
        float[] std = scaling.std();
        int n = size();
        return (order, from, count, batchSteps, inputs) -> {
            if (batchSteps > steps) {
                throw new IllegalArgumentException("sequences of up to " + steps + " steps, asked for " + batchSteps);
            }
            int at = 0;
            for (int s = 0; s < batchSteps; s++) {
                for (int e = 0; e < count; e++) {
                    int example = Objects.checkIndex(order[from + e], n);
                    if (s >= length(example)) {
                        java.util.Arrays.fill(inputs, at, at + features, 0f);
                        at += features;
                        continue;
                    }
                    int base = (firstStep(example) + s) * features;
                    for (int f = 0; f < features; f++) {
                        // The same expression as InputScaling.apply, so bytes and floats of one value agree.
                        inputs[at++] = (values[base + f] - mean[f]) / std[f];
                    }
                }
            }
        };
    }

    @Override
    public void addTo(FeatureStatistics statistics) {
        for (int start = 0; start < values.length; start += features) {
            statistics.addStep(values, start);
        }
    }

    @Override
    public String toString() {
        return "FloatSequences[" + size() + " sequences of " + (ends == null ? "" : "up to ") + steps + " x "
                + features + "]";
    }
}
