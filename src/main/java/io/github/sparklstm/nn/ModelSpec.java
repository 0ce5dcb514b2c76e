package io.github.sparklstm.nn;

/**
 * The architecture of a stacked-LSTM sequence classifier: {@code layers} LSTM layers of {@code hiddenSize} units over
 * inputs of {@code inputSize} features, each with a forward and, when {@code bidirectional}, a backward direction
 * whose hidden states are concatenated (as PyTorch's {@code nn.LSTM(bidirectional=True)}); then a dense softmax head
 * over {@code classes}, on each sequence's last step ({@link Output#LAST}) or on every step ({@link Output#STEPS}).
 */
public record ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes,
                        boolean bidirectional, Output output) implements java.io.Serializable {

    /** Where the head reads the sequence. */
    public enum Output {
        /** A class per sequence, from its last step (and, bidirectional, the backward direction's first). */
        LAST,
        /** A class per step: sequence labelling. */
        STEPS
    }

    public ModelSpec {
        requirePositive("inputSize", inputSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("layers", layers);
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        if (output == null) {
            throw new IllegalArgumentException("output is required");
        }
        // The gate pre-activations of one step are a [batch, 4*hidden] matrix indexed with int.
        if ((long) hiddenSize * 4 * Math.max((bidirectional ? 2L : 1L) * hiddenSize, inputSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is too large");
        }
    }

    /** A one-directional classifier of whole sequences. */
    public ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes) {
        this(inputSize, hiddenSize, layers, peepholes, classes, false, Output.LAST);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** 2 for bidirectional layers, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** What a layer's output, and the head's input, holds per step: the directions' hidden states side by side. */
    public int outputSize() {
        return directions() * hiddenSize;
    }

    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : outputSize();
    }

    /**
     * Nominal floating-point operations to train on one example of {@code steps} time steps: the forward pass's
     * matrix products (2 FLOP per multiply-add) times three, since the backward pass costs two forward passes.
     * Elementwise gate math is not counted, as is usual for GFLOP/s figures of recurrent networks.
     */
    public double trainingFlopsPerExample(int steps) {
        double forward = 0;
        for (int layer = 0; layer < layers; layer++) {
            forward += directions() * 2.0 * steps * (layerInputSize(layer) + hiddenSize) * 4.0 * hiddenSize;
        }
        forward += 2.0 * outputSize() * classes * (output == Output.STEPS ? steps : 1);
        return 3 * forward;
    }
}
