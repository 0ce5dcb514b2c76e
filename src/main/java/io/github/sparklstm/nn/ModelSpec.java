package io.github.sparklstm.nn;

/**
 * The architecture of a stacked-LSTM sequence classifier: {@code layers} LSTM layers of {@code hiddenSize} units over
 * inputs of {@code inputSize} features, each with a forward and, when {@code bidirectional}, a backward direction
 * whose hidden states are concatenated (as PyTorch's {@code nn.LSTM(bidirectional=True)}); then a dense softmax head
 * over {@code classes}, on each sequence's last step ({@link Output#LAST}) or on every step ({@link Output#STEPS}).
 *
 * <p>With {@code embedding} D > 0 the input is a symbol per step (one feature holding its number) of a vocabulary
 * of {@code inputSize} symbols, and a learned [inputSize, D] table, as PyTorch's {@code nn.Embedding}, turns it into
 * the first layer's D inputs; 0: the input is {@code inputSize} features per step.
 */
public record ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes,
                        boolean bidirectional, Output output, int embedding, Loss loss)
        implements java.io.Serializable {

    /**
     * What the head minimises. Cross-entropy: a softmax over {@code classes}. The others regress {@code classes}
     * real values per row (for a forecast, horizon x targets from the last step, or the targets at every step),
     * on standardised targets, so Huber's threshold of 1 is one standard deviation (PyTorch's HuberLoss default).
     */
    public enum Loss {
        CROSS_ENTROPY, MSE, MAE, HUBER;

        public boolean regresses() {
            return this != CROSS_ENTROPY;
        }
    }

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
        if (loss == null) {
            throw new IllegalArgumentException("loss is required");
        }
        if (loss.regresses() ? classes < 1 : classes < 2) {
            throw new IllegalArgumentException(loss.regresses() ? "a regression head needs at least 1 output, got "
                    + classes : "classes must be at least 2, got " + classes);
        }
        if (output == null) {
            throw new IllegalArgumentException("output is required");
        }
        if (embedding < 0) {
            throw new IllegalArgumentException("embedding must be 0 (none) or positive, got " + embedding);
        }
        // The gate pre-activations of one step are a [batch, 4*hidden] matrix indexed with int.
        long widestInput = Math.max((bidirectional ? 2L : 1L) * hiddenSize, embedding > 0 ? embedding : inputSize);
        if ((long) hiddenSize * 4 * widestInput > Integer.MAX_VALUE || (long) inputSize * embedding > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is too large");
        }
    }

    /** A classifier (cross-entropy over {@code classes}). */
    public ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes,
                     boolean bidirectional, Output output, int embedding) {
        this(inputSize, hiddenSize, layers, peepholes, classes, bidirectional, output, embedding, Loss.CROSS_ENTROPY);
    }

    /** A regressor of {@code outputs} values per row, minimising {@code loss}. */
    public static ModelSpec regression(int inputSize, int hiddenSize, int layers, boolean peepholes, int outputs,
                                       Output output, Loss loss) {
        if (!loss.regresses()) {
            throw new IllegalArgumentException("a regression loss is mse, mae or huber, got " + loss);
        }
        return new ModelSpec(inputSize, hiddenSize, layers, peepholes, outputs, false, output, 0, loss);
    }

    /** Whether the head regresses real values rather than classifying. */
    public boolean regresses() {
        return loss.regresses();
    }

    /** A model whose input is {@code inputSize} features per step. */
    public ModelSpec(int inputSize, int hiddenSize, int layers, boolean peepholes, int classes,
                     boolean bidirectional, Output output) {
        this(inputSize, hiddenSize, layers, peepholes, classes, bidirectional, output, 0);
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

    /** Whether the input is symbols looked up in a learned table (see the class comment). */
    public boolean embeds() {
        return embedding > 0;
    }

    /** How many features a batch carries per step: one symbol with an embedding, else inputSize. */
    public int batchFeatures() {
        return embeds() ? 1 : inputSize;
    }

    public int layerInputSize(int layer) {
        return layer > 0 ? outputSize() : embeds() ? embedding : inputSize;
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
