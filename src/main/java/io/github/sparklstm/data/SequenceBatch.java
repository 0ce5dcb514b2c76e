package io.github.sparklstm.data;

import java.util.Objects;

/**
 * A minibatch in the layout the network wants: time-major
 * {@code inputs[(step * size + example) * features + feature]}, pixels scaled to [0,1] as pixel/255f, and
 * {@code labels[example]}. The arrays are exactly as long as the layout needs, so they can back a tensor as is.
 */
public record SequenceBatch(int size, int steps, int features, float[] inputs, int[] labels) {

    public SequenceBatch {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(labels, "labels");
        if (size <= 0 || steps <= 0 || features <= 0) {
            throw new IllegalArgumentException("size, steps and features must be positive, got " + size + ", "
                    + steps + ", " + features);
        }
        if (inputs.length != (long) size * steps * features || labels.length != size) {
            throw new IllegalArgumentException("a batch of " + size + " x " + steps + " steps x " + features
                    + " features needs " + (long) size * steps * features + " inputs and " + size
                    + " labels, got " + inputs.length + " and " + labels.length);
        }
    }

    /** The input of {@code example} at {@code step}, {@code feature}. */
    public float input(int step, int example, int feature) {
        return inputs[(step * size + example) * features + feature];
    }
}
