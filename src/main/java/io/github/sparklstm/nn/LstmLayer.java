package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One LSTM layer over a whole sequence, forward and backpropagation through time. Sequences are time-major: the
 * rows of step t are {@code [t·batch, (t+1)·batch)} of an [steps·batch, features] matrix, so each step is a
 * contiguous block and the input-side products of all steps are one large matrix product.
 *
 * <p>Forward: Z = X·W_ihᵀ for all steps at once; then per step Z(t) += h(t-1)·W_hhᵀ and {@link LstmCell} turns
 * Z(t) into h(t). Backward, per step from last to first: the cell turns dh(t) into dZ(t) and dh(t-1) = dZ(t)·W_hh
 * feeds the next one; after the loop the weight gradients are two large products over all steps:
 * <pre>
 *   dW_ih = Σ_t dZ(t)ᵀ·x(t)        = dZᵀ·X                    [4H, in]
 *   dW_hh = Σ_t dZ(t)ᵀ·h(t-1)      = dZ[1..T)ᵀ·H[0..T-1)      [4H, H]
 *   dX    = dZ·W_ih                                            [T·batch, in]  (only when asked for)
 * </pre>
 * A batch of sequences of different lengths runs as many steps as its longest; at step t only the leading rows of
 * the examples still running take part in the recurrent products (the batch comes longest first), and the cell
 * carries the others' state and leaves their dZ zero, so padding adds nothing to the all-step products above.
 *
 * <p>Truncated backpropagation through time: a window may start from the state h(-1), c(-1) where the previous
 * window of the same streams ended ({@link #startFrom}). Its gradient stops there: h(-1) is a constant of this
 * window, adding Z(0) += h(-1)·W_hhᵀ forward and dW_hh += dZ(0)ᵀ·h(-1) backward, and c(-1) enters the cell's
 * f⊙c(t-1) and peephole terms as any earlier cell state would.
 */
final class LstmLayer implements StackLayer {

    private final int inputSize;
    private final int hidden;
    private final int steps;
    private final int maxBatch;
    private final INDArray weightIh;
    private final INDArray weightHh;
    private final INDArray biasIh;
    private final INDArray biasHh;
    private final INDArray peepholes;
    private final INDArray gradWeightIh;
    private final INDArray gradWeightHh;
    private final INDArray gradBiasIh;
    private final INDArray gradBiasHh;
    private final INDArray gradPeepholes;
    private final LstmCell cell;

    /* Pre-activations in forward, reused for their gradients in backward (the cell keeps what backward needs). */
    private final INDArray preActivationStore;
    private final INDArray outputStore;
    private final INDArray recurrentGradientStore;
    private LeadingRows inputGradients;
    private StepViews views;
    /* Batches of varying longest length come and go: keep the views of the shapes met lately. */
    private final java.util.Map<Long, StepViews> viewCache = new java.util.HashMap<>();
    /* How many examples run step t, of the batch last given to forward. */
    private int[] active;
    /* Where the next forward starts ([batch, H] each), or null: zero state. */
    private INDArray initialHidden;
    private INDArray initialCells;

    LstmLayer(int layer, int inputSize, int steps, int maxBatch, FlatBuffer params, FlatBuffer grads,
              LstmCell.Factory cells) {
        this(layer, false, inputSize, steps, maxBatch, params, grads, cells);
    }

    /** Layer {@code layer}'s forward direction, or its backward one ({@code reverse}: the _reverse tensors). */
    LstmLayer(int layer, boolean reverse, int inputSize, int steps, int maxBatch, FlatBuffer params,
              FlatBuffer grads, LstmCell.Factory cells) {
        ParameterLayout layout = params.layout();
        this.inputSize = inputSize;
        this.hidden = layout.slot(ParameterLayout.weightHh(layer, reverse)).columns();
        this.steps = steps;
        this.maxBatch = maxBatch;
        weightIh = params.view(ParameterLayout.weightIh(layer, reverse));
        weightHh = params.view(ParameterLayout.weightHh(layer, reverse));
        biasIh = params.view(ParameterLayout.biasIh(layer, reverse));
        biasHh = params.view(ParameterLayout.biasHh(layer, reverse));
        gradWeightIh = grads.view(ParameterLayout.weightIh(layer, reverse));
        gradWeightHh = grads.view(ParameterLayout.weightHh(layer, reverse));
        gradBiasIh = grads.view(ParameterLayout.biasIh(layer, reverse));
        gradBiasHh = grads.view(ParameterLayout.biasHh(layer, reverse));
        boolean hasPeepholes = layout.has(ParameterLayout.peephole(layer, reverse));
        peepholes = hasPeepholes ? params.view(ParameterLayout.peephole(layer, reverse)) : null;
        gradPeepholes = hasPeepholes ? grads.view(ParameterLayout.peephole(layer, reverse)) : null;
        cell = cells.create(hidden, steps, maxBatch);
        var type = params.dataType();
        preActivationStore = Nd4j.zeros(type, (long) steps * maxBatch, 4L * hidden);
        outputStore = Nd4j.zeros(type, (long) steps * maxBatch, hidden);
        recurrentGradientStore = Nd4j.zeros(type, maxBatch, hidden);
    }

    /** Runs the sequence {@code input} [steps·batch, in]; returns all hidden states [steps·batch, H]. */
    INDArray forward(INDArray input, int batch) {
        return forward(input, batch, steps, null);
    }

    /**
     * Runs {@code input} [batchSteps·batch, in] whose examples have {@code lengths} steps (longest first; null: all
     * {@code batchSteps}); returns all hidden states [batchSteps·batch, H], carried past each example's end.
     */
    @Override
    public INDArray forward(INDArray input, int batch, int batchSteps, int[] lengths) {
        StepViews v = viewsFor(batch, batchSteps);
        active = activeRows(lengths, batch, batchSteps);
        Gemm.multiply(input, false, weightIh, true, v.allPreActivations, 1.0, 0.0);
        cell.startForward(batch, biasIh, biasHh, peepholes, initialCells);
        for (int t = 0; t < batchSteps; t++) {
            int running = active[t];
            INDArray previous = t > 0 ? v.outputs[t - 1] : initialHidden;
            if (previous != null) {
                Gemm.multiply(leading(previous, running, batch), false, weightHh, true,
                        leading(v.preActivations[t], running, batch), 1.0, 1.0);
            }
            cell.forward(t, running, v.preActivations[t], v.outputs[t]);
        }
        return v.allOutputs;
    }

    /** active[t]: how many examples have more than t steps. */
    static int[] activeRows(int[] lengths, int batch, int batchSteps) {
        int[] active = new int[batchSteps];
        if (lengths == null) {
            java.util.Arrays.fill(active, batch);
            return active;
        }
        for (int e = 0; e < batch; e++) {
            for (int t = 0; t < lengths[e]; t++) {
                active[t]++;
            }
        }
        return active;
    }

    /* The first {@code count} rows of a [batch, ·] step block; the block itself when all rows are wanted. */
    private static INDArray leading(INDArray block, int count, int batch) {
        return count == batch ? block : rows(block, 0, count);
    }

    /**
     * Backpropagates through the sequence last given to {@link #forward}. The gradient arrives either for every
     * step ({@code outputGradients} [steps·batch, H], from a layer above) or for the last step only
     * ({@code lastOutputGradient} [batch, H], from the head). Writes this layer's parameter gradients; returns
     * dL/d(input) when {@code wantInputGradient}, else null.
     */
    @Override
    public INDArray backward(INDArray input, INDArray outputGradients, INDArray lastOutputGradient,
                             boolean wantInputGradient) {
        StepViews v = views;
        int batch = v.batch;
        int last = v.steps - 1;
        cell.startBackward();
        for (int t = last; t >= 0; t--) {
            INDArray fromAbove = outputGradients != null
                    ? v.stepsOf(outputGradients)[t]
                    : (t == last ? lastOutputGradient : null);
            INDArray fromNext = t < last ? v.recurrentGradient : null;
            int running = active[t];
            cell.backward(t, running, t < last ? active[t + 1] : 0, fromAbove, fromNext, v.preActivations[t]);
            if (t > 0) {
                Gemm.multiply(leading(v.preActivations[t], running, batch), false, weightHh, false,
                        leading(v.recurrentGradient, running, batch), 1.0, 0.0);
            }
        }
        Gemm.multiply(v.allPreActivations, true, input, false, gradWeightIh, 1.0, 0.0);
        if (v.steps > 1) {
            INDArray laterGradients = rows(v.allPreActivations, batch, (long) last * batch);
            INDArray earlierOutputs = rows(v.allOutputs, 0, (long) last * batch);
            Gemm.multiply(laterGradients, true, earlierOutputs, false, gradWeightHh, 1.0, 0.0);
        } else {
            gradWeightHh.assign(0);
        }
        if (initialHidden != null) {
            Gemm.multiply(v.preActivations[0], true, initialHidden, false, gradWeightHh, 1.0, 1.0);
        }
        cell.finishBackward(gradBiasIh, gradBiasHh, gradPeepholes);
        if (!wantInputGradient) {
            return null;
        }
        if (inputGradients == null) {
            inputGradients = new LeadingRows(Nd4j.zeros(weightIh.dataType(), (long) steps * maxBatch, inputSize));
        }
        INDArray dx = inputGradients.first((long) v.steps * batch);
        Gemm.multiply(v.allPreActivations, false, weightIh, false, dx, 1.0, 0.0);
        return dx;
    }

    /**
     * The next forward starts from {@code hidden} and {@code cells} [batch, H] (rows of the batch's examples), or
     * from zero when both are null; they are read, not copied, so they must not change before backward.
     */
    void startFrom(INDArray hidden, INDArray cells) {
        if ((hidden == null) != (cells == null)) {
            throw new IllegalArgumentException("a state is a hidden and a cell state, or none");
        }
        initialHidden = hidden;
        initialCells = cells;
    }

    /** Copies each example's last h and c, after {@link #forward}, into [batch, H] {@code hidden} and {@code cells}. */
    void lastState(INDArray hidden, INDArray cells) {
        hidden.assign(lastOutput());
        cell.cellsAfter(views.steps - 1, cells);
    }

    /** The hidden state of the last step, [batch, H], after {@link #forward}: each example's own last state. */
    @Override
    public INDArray lastOutput() {
        return views.outputs[views.steps - 1];
    }

    /*
     * Views per batch shape, cached: creating an ND4J view costs microseconds. A fixed-length data set has two
     * shapes per epoch; sequences of varying length a few more, one per distinct longest length in a row.
     */
    private StepViews viewsFor(int batch, int batchSteps) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch of " + batch + " examples; this layer holds 1.." + maxBatch);
        }
        if (batchSteps < 1 || batchSteps > steps) {
            throw new IllegalArgumentException("sequences of " + batchSteps + " steps; this layer holds 1.." + steps);
        }
        if (views == null || views.batch != batch || views.steps != batchSteps) {
            if (viewCache.size() >= 64) {
                viewCache.clear();
            }
            views = viewCache.computeIfAbsent((long) batch << 32 | batchSteps, k -> new StepViews(batch, batchSteps));
        }
        return views;
    }

    private final class StepViews {
        final int batch;
        final int steps;
        final INDArray allPreActivations;
        final INDArray allOutputs;
        final INDArray[] preActivations;
        final INDArray[] outputs;
        final INDArray recurrentGradient;
        private INDArray above;
        private INDArray[] aboveSteps;

        /* The per-step blocks of a gradient arriving for every step; the layer above hands the same view each time. */
        INDArray[] stepsOf(INDArray gradients) {
            if (gradients != above) {
                aboveSteps = new INDArray[steps];
                for (int t = 0; t < steps; t++) {
                    aboveSteps[t] = rows(gradients, (long) t * batch, batch);
                }
                above = gradients;
            }
            return aboveSteps;
        }

        StepViews(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            preActivations = new INDArray[steps];
            outputs = new INDArray[steps];
            allPreActivations = rows(preActivationStore, 0, (long) steps * batch);
            allOutputs = rows(outputStore, 0, (long) steps * batch);
            for (int t = 0; t < steps; t++) {
                preActivations[t] = rows(allPreActivations, (long) t * batch, batch);
                outputs[t] = rows(allOutputs, (long) t * batch, batch);
            }
            recurrentGradient = rows(recurrentGradientStore, 0, batch);
        }
    }

    static INDArray rows(INDArray matrix, long from, long count) {
        return matrix.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }
}
