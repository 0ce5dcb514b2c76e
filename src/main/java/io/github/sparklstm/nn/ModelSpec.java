package io.github.sparklstm.nn;

/**
 * The architecture of a stacked-LSTM sequence classifier: {@code layers} LSTM layers of {@code hiddenSize} units over
 * inputs of {@code inputSize} features, then a dense softmax head over {@code classes} on the last time step.
 */
public record ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes)
        implements java.io.Serializable {

    public ModelSpec {
        requirePositive("inputSize", inputSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("layers", layers);
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        // The gate pre-activations of one step are a [batch, 4*hidden] matrix indexed with int.
        if ((long) hiddenSize * 4 * Math.max(hiddenSize, inputSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is too large");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : hiddenSize;
    }

    /**
     * Nominal floating-point operations to train on one example of {@code steps} time steps: the forward pass's
     * matrix products (2 FLOP per multiply-add) times three, since the backward pass costs two forward passes.
     * Elementwise gate math is not counted, as is usual for GFLOP/s figures of recurrent networks.
     */
    public double trainingFlopsPerExample(int steps) {
        double forward = 0;
        for (int layer = 0; layer < layers; layer++) {
            forward += 2.0 * steps * (layerInputSize(layer) + hiddenSize) * 4.0 * hiddenSize;
        }
        forward += 2.0 * hiddenSize * classes;
        return 3 * forward;
    }
}
