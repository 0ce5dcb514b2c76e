package io.github.sparklstm.data;

import java.util.Objects;

/**
 * Sequences as float32 values, example after example, each {@code steps x features} row-major, with int labels:
 * how rows of a table are kept once read.
 */
public record FloatSequences(float[] values, int[] labels, int steps, int features) implements SequenceSet {

    public FloatSequences {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(labels, "labels");
        if (steps <= 0 || features <= 0) {
            throw new IllegalArgumentException("steps and features must be positive, got " + steps + ", "
                    + features);
        }
        if (values.length != (long) labels.length * steps * features) {
            throw new IllegalArgumentException(values.length + " values do not make " + labels.length
                    + " sequences of " + steps + " x " + features);
        }
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("negative label " + label);
            }
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

    /** The raw value of {@code example} at {@code step}, {@code feature}. */
    public float value(int example, int step, int feature) {
        Objects.checkIndex(step, steps);
        Objects.checkIndex(feature, features);
        return values[(example * steps + step) * features + feature];
    }

    @Override
    public BatchWriter writer(InputScaling scaling) {
        if (scaling.features() != features) {
            throw new IllegalArgumentException("scaling for " + scaling.features() + " features, data has "
                    + features);
        }
        float[] mean = scaling.mean();
        float[] std = scaling.std();
        int perExample = steps * features;
        int n = size();
        return (order, from, count, inputs) -> {
            int at = 0;
            for (int s = 0; s < steps; s++) {
                for (int e = 0; e < count; e++) {
                    int base = Objects.checkIndex(order[from + e], n) * perExample + s * features;
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
        return "FloatSequences[" + size() + " sequences of " + steps + " x " + features + "]";
    }
}
