package io.github.sparklstm.data;

import java.util.Objects;

/**
 * A minibatch in the layout the network wants: time-major
 * {@code inputs[(step * size + example) * features + feature]}, pixels scaled to [0,1] as pixel/255f, and
 * {@code labels[example]}. The arrays are exactly as long as the layout needs, so they can back a tensor as is.
 *
 * <p>Sequences of different lengths: {@code lengths[example]} is how many steps the example has, from longest to
 * shortest, and {@code steps} is the longest; the steps past an example's end are padding that the network skips.
 * {@code lengths} is null when every example has all {@code steps} steps.
 *
 * <p>Labels per step, for sequence labelling: {@code stepLabels[step * size + example]}, time-major like the inputs,
 * negative where a step has no label and on padding; null for a batch labelled per sequence ({@code labels}).
 *
 * <p>Real-valued targets, for a regression head: {@code targets[row * outputs + k]} with a row per example (a
 * forecast from the last step) or per step time-major (per-step regression), standardised as the model predicts
 * them, NaN where there is none (padding); null for a classifier's batch. {@code references} (forecasts only, else
 * null) holds per example what turns them back into the data's units and what they are judged against:
 * {@link ForecastReference}'s layout.
 */
public record SequenceBatch(int size, int steps, int features, float[] inputs, int[] labels, int[] lengths,
                            int[] stepLabels, float[] targets, float[] references) {

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
        if (lengths != null) {
            checkLengths(lengths, size, steps);
        }
        if (stepLabels != null && stepLabels.length != size * steps) {
            throw new IllegalArgumentException("a batch of " + size + " x " + steps + " steps needs " + size * steps
                    + " step labels, got " + stepLabels.length);
        }
        if (targets != null && (targets.length == 0 || targets.length % size != 0)) {
            throw new IllegalArgumentException(targets.length + " targets for a batch of " + size);
        }
        if (references != null && (targets == null || references.length % size != 0)) {
            throw new IllegalArgumentException(references.length + " reference values for a batch of " + size
                    + (targets == null ? " without targets" : ""));
        }
    }

    /** A classifier's batch. */
    public SequenceBatch(int size, int steps, int features, float[] inputs, int[] labels, int[] lengths,
                         int[] stepLabels) {
        this(size, steps, features, inputs, labels, lengths, stepLabels, null, null);
    }

    /** Whether the batch carries real-valued targets (a regression head's) rather than class labels. */
    public boolean regression() {
        return targets != null;
    }

    /** A batch whose examples all have {@code steps} steps. */
    public SequenceBatch(int size, int steps, int features, float[] inputs, int[] labels) {
        this(size, steps, features, inputs, labels, null, null);
    }

    /** A batch labelled per sequence. */
    public SequenceBatch(int size, int steps, int features, float[] inputs, int[] labels, int[] lengths) {
        this(size, steps, features, inputs, labels, lengths, null);
    }

    /** The label of {@code example} at {@code step} (negative: none), for a batch labelled per step. */
    public int stepLabel(int step, int example) {
        return stepLabels[step * size + example];
    }

    /* The network runs the active examples of a step as the leading rows of a matrix: longest first. */
    private static void checkLengths(int[] lengths, int size, int steps) {
        if (lengths.length != size) {
            throw new IllegalArgumentException(size + " examples need " + size + " lengths, got " + lengths.length);
        }
        if (lengths[0] != steps) {
            throw new IllegalArgumentException("a batch has as many steps as its longest example: " + steps
                    + " steps, longest " + lengths[0]);
        }
        for (int e = 1; e < size; e++) {
            if (lengths[e] < 1 || lengths[e] > lengths[e - 1]) {
                throw new IllegalArgumentException("lengths must be positive and run from longest to shortest, got "
                        + lengths[e] + " after " + lengths[e - 1] + " at example " + e);
            }
        }
    }

    /** How many steps {@code example} has. */
    public int length(int example) {
        return lengths == null ? steps : lengths[Objects.checkIndex(example, size)];
    }

    /** The input of {@code example} at {@code step}, {@code feature}. */
    public float input(int step, int example, int feature) {
        return inputs[(step * size + example) * features + feature];
    }
}
