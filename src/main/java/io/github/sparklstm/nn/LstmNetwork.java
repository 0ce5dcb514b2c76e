package io.github.sparklstm.nn;

import io.github.sparklstm.data.SequenceBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacked LSTM layers (each one- or bidirectional) and a softmax head, with its parameters and gradients each in
 * one {@link FlatBuffer}. Working memory is allocated once for sequences of up to {@code steps} steps and batches of
 * up to {@code maxBatch} examples; an instance is not thread-safe (one per worker thread). A whole-sequence head
 * reads each example's output at its own last step (see {@link SequenceBatch#lengths()}); a per-step head reads
 * every step's output, and its loss is the mean over the labelled steps ({@link SequenceBatch#stepLabels()}).
 *
 * <p>A forward pass starts from zero state, or, for truncated backpropagation through time over long streams, from
 * a {@link State} where the previous window of the same streams (the same rows of the batch) ended: see
 * {@link #startFrom} and {@link #saveState}. Gradients stop at the window's start.
 */
public final class LstmNetwork {

    private final ModelSpec spec;
    private final int steps;
    private final int maxBatch;
    private final FlatBuffer parameters;
    private final FlatBuffer gradients;
    private final StackLayer[] layers;
    private final SoftmaxHead head;
    private final RegressionHead regression;
    private final EmbeddingLayer embedding;
    private final LeadingRows inputRows;
    private final INDArray[] layerInputs;
    private INDArray loadedInput;
    private INDArray topOutput;
    private int[] noLabels = new int[0];
    private INDArray inputGradient;
    private State startState;

    private LstmNetwork(ModelSpec spec, int steps, int maxBatch, Precision precision, LstmCell.Factory cells) {
        if (steps < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("steps and maxBatch must be positive, got " + steps + ", " + maxBatch);
        }
        this.spec = spec;
        this.steps = steps;
        this.maxBatch = maxBatch;
        ParameterLayout layout = ParameterLayout.of(spec);
        parameters = FlatBuffer.zeros(layout, precision);
        gradients = FlatBuffer.zeros(layout, precision);
        layers = new StackLayer[spec.layers()];
        for (int k = 0; k < layers.length; k++) {
            layers[k] = spec.bidirectional()
                    ? new BidirectionalLayer(k, spec.layerInputSize(k), steps, maxBatch, parameters, gradients, cells)
                    : new LstmLayer(k, spec.layerInputSize(k), steps, maxBatch, parameters, gradients, cells);
        }
        int headRows = perStep() ? steps * maxBatch : maxBatch;
        head = spec.regresses() ? null : new SoftmaxHead(headRows, parameters, gradients);
        regression = spec.regresses() ? new RegressionHead(spec.loss(), headRows, parameters, gradients) : null;
        embedding = spec.embeds() ? new EmbeddingLayer(steps, maxBatch, parameters, gradients) : null;
        inputRows = spec.embeds() ? null
                : new LeadingRows(Nd4j.zeros(precision.dataType(), (long) steps * maxBatch, spec.inputSize()));
        layerInputs = new INDArray[layers.length];
    }

    /** A float32 model with zero parameters; call {@link Initialization#keras} or load parameters next. */
    public static LstmNetwork create(ModelSpec spec, int steps, int maxBatch) {
        return new LstmNetwork(spec, steps, maxBatch, Precision.FLOAT32, Float32Cell::new);
    }

    /** A model of {@code precision} whose layers' cells {@code cells} makes (the gradient checks' float64 one). */
    static LstmNetwork create(ModelSpec spec, int steps, int maxBatch, Precision precision, LstmCell.Factory cells) {
        return new LstmNetwork(spec, steps, maxBatch, precision, cells);
    }

    public ModelSpec spec() {
        return spec;
    }

    public int steps() {
        return steps;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public Precision precision() {
        return parameters.precision();
    }

    public FlatBuffer parameters() {
        return parameters;
    }

    /** Gradients of the mean batch loss from the last {@link #forwardBackward}, same layout as the parameters. */
    public FlatBuffer gradients() {
        return gradients;
    }

    /**
     * The hidden and cell states of every layer for up to maxBatch streams, in the model's precision: where the
     * next window of each stream starts. Only one-directional models carry state (a backward direction would
     * read the stream's future).
     */
    public final class State {
        private final INDArray[] hidden = new INDArray[layers.length];
        private final INDArray[] cells = new INDArray[layers.length];
        private int streams;

        private State() {
            for (int k = 0; k < layers.length; k++) {
                hidden[k] = Nd4j.zeros(parameters.dataType(), maxBatch, spec.hiddenSize());
                cells[k] = Nd4j.zeros(parameters.dataType(), maxBatch, spec.hiddenSize());
            }
        }

        /** Back to zero, as at an epoch's start. */
        public void reset() {
            streams = 0;
        }

        /** The streams' states as [layers][2][streams·H] doubles (h then c): what a test compares. */
        public double[][][] values() {
            double[][][] all = new double[layers.length][2][];
            for (int k = 0; k < layers.length; k++) {
                all[k][0] = HeapCopy.readAsDoubles(LstmLayer.rows(hidden[k], 0, streams).dup());
                all[k][1] = HeapCopy.readAsDoubles(LstmLayer.rows(cells[k], 0, streams).dup());
            }
            return all;
        }
    }

    /** A zero state for this model's streams. */
    public State newState() {
        if (spec.bidirectional()) {
            throw new IllegalArgumentException("a bidirectional model carries no state from window to window");
        }
        return new State();
    }

    /**
     * Every forward pass from now on starts from what {@code state} holds when it runs (null, or a state reset or
     * never saved: from zero); a batch must then have at most as many examples as the state holds streams, and its
     * rows continue the state's first ones (a partial last batch continues the first streams).
     */
    public void startFrom(State state) {
        startState = state;
        if (state == null) {
            for (StackLayer layer : layers) {
                if (layer instanceof LstmLayer one) {
                    one.startFrom(null, null);
                }
            }
        }
    }

    /* Points each layer at the state's rows for this batch; models that never carry a state skip this. */
    private void applyStart(int batch) {
        State state = startState;
        if (state == null) {
            return;
        }
        boolean zero = state.streams == 0;
        if (!zero && state.streams < batch) {
            throw new IllegalArgumentException("a batch of " + batch + " examples from a state of " + state.streams
                    + " streams");
        }
        for (int k = 0; k < layers.length; k++) {
            ((LstmLayer) layers[k]).startFrom(zero ? null : LstmLayer.rows(state.hidden[k], 0, batch),
                    zero ? null : LstmLayer.rows(state.cells[k], 0, batch));
        }
    }

    /**
     * Keeps where each example of the last forward ended in {@code state}, for the streams' next window; after
     * the backward pass, which still reads the window's start.
     */
    public void saveState(State state, int examples) {
        for (int k = 0; k < layers.length; k++) {
            ((LstmLayer) layers[k]).lastState(LstmLayer.rows(state.hidden[k], 0, examples),
                    LstmLayer.rows(state.cells[k], 0, examples));
        }
        state.streams = examples;
    }

    /** Loss and predictions only (evaluation). */
    public BatchOutcome forward(SequenceBatch batch) {
        loadedInput = loadInput(batch);
        return forwardLoaded(batch);
    }

    /** Forward over the input already loaded for {@code batch} (gradient checks perturb it in place). */
    BatchOutcome forwardLoaded(SequenceBatch batch) {
        applyStart(batch.size());
        INDArray sequence = loadedInput;
        for (int k = 0; k < layers.length; k++) {
            layerInputs[k] = sequence;
            sequence = layers[k].forward(sequence, batch.size(), batch.steps(), batch.lengths());
        }
        topOutput = sequence;
        if (regression != null) {
            // Without targets (prediction) every row is predicted and none scored.
            INDArray rows = perStep() ? sequence : layers[layers.length - 1].lastOutput();
            return regression.forward(rows, batch.targets(), perStep() ? batch.steps() * batch.size() : batch.size(),
                    batch.size());
        }
        if (perStep()) {
            // Without labels (prediction) every step is predicted and none scored.
            int rows = batch.steps() * batch.size();
            int[] labels = batch.stepLabels() != null ? batch.stepLabels() : unlabelled(rows);
            return head.forward(sequence, labels, rows, batch.size());
        }
        return head.forward(layers[layers.length - 1].lastOutput(), batch.labels(), batch.size(), batch.size());
    }

    private int[] unlabelled(int rows) {
        if (noLabels.length < rows) {
            noLabels = new int[rows];
            java.util.Arrays.fill(noLabels, -1);
        }
        return noLabels;
    }

    private boolean perStep() {
        return spec.output() == ModelSpec.Output.STEPS;
    }

    /**
     * The logits of the last forward pass, row-major: [batch, classes], or per step [steps·batch, classes]
     * time-major: what prediction reports. A regression model's predicted values instead, standardised, in the
     * same layout.
     */
    public double[] logits() {
        return regression != null ? regression.values() : head.logits();
    }

    /** Forward, then the gradients of the batch's mean loss into {@link #gradients()}. */
    public BatchOutcome forwardBackward(SequenceBatch batch) {
        return forwardBackward(batch, false);
    }

    /**
     * As {@link #forwardBackward(SequenceBatch)}; with {@code wantInputGradient} the gradient with respect to the
     * inputs is kept for {@link #inputGradient()} (gradient checks, saliency).
     */
    public BatchOutcome forwardBackward(SequenceBatch batch, boolean wantInputGradient) {
        BatchOutcome outcome = forward(batch);
        INDArray stepGradients;
        INDArray lastGradient = null;
        if (regression != null) {
            INDArray dRows = regression.backward(perStep() ? topOutput : layers[layers.length - 1].lastOutput());
            stepGradients = perStep() ? dRows : null;
            lastGradient = perStep() ? null : dRows;
        } else if (perStep()) {
            stepGradients = head.backward(topOutput, batch.stepLabels());
        } else {
            lastGradient = head.backward(layers[layers.length - 1].lastOutput(), batch.labels());
            stepGradients = null;
        }
        if (wantInputGradient && embedding != null) {
            throw new IllegalArgumentException("symbols have no input gradient; the embedding table's is in gradients()");
        }
        for (int k = layers.length - 1; k >= 0; k--) {
            boolean needInput = k > 0 || wantInputGradient || embedding != null;
            stepGradients = layers[k].backward(layerInputs[k], stepGradients,
                    k == layers.length - 1 ? lastGradient : null, needInput);
        }
        if (embedding != null) {
            embedding.backward(stepGradients);
        }
        inputGradient = wantInputGradient ? stepGradients : null;
        return outcome;
    }

    /** dL/dx in the batch's time-major layout [steps·batch·features], from the last forwardBackward that asked. */
    public double[] inputGradient() {
        if (inputGradient == null) {
            throw new IllegalStateException("call forwardBackward(batch, true) first");
        }
        return HeapCopy.readAsDoubles(inputGradient);
    }

    /** The input of the last forward pass, [steps·batch, features] time-major, in the model's precision. */
    INDArray loadedInput() {
        return loadedInput;
    }

    private INDArray loadInput(SequenceBatch batch) {
        if (batch.steps() > steps || batch.features() != spec.batchFeatures()) {
            throw new IllegalArgumentException("batch of " + batch.steps() + " steps x " + batch.features()
                    + " features; this model takes up to " + steps + " x " + spec.batchFeatures());
        }
        if (batch.size() < 1 || batch.size() > maxBatch) {
            throw new IllegalArgumentException("batch of " + batch.size() + " examples; this model holds 1.." + maxBatch);
        }
        if (embedding != null) {
            return embedding.forward(batch.inputs(), batch.steps() * batch.size());
        }
        int length = batch.steps() * batch.size() * spec.inputSize();
        INDArray input = inputRows.first((long) batch.steps() * batch.size());
        if (precision() == Precision.FLOAT32) {
            HeapCopy.write(batch.inputs(), length, input);
        } else {
            double[] wide = new double[length];
            for (int k = 0; k < length; k++) {
                wide[k] = batch.inputs()[k];
            }
            HeapCopy.write(wide, length, input);
        }
        return input;
    }
}
