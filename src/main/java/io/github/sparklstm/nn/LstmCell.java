package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise half of an LSTM layer, one time step at a time: gates, cell and hidden state forward, and their
 * derivatives backward. The matrix products around it are in {@link LstmLayer}.
 *
 * <p>Forward, for one example, with z = x·W_ihᵀ + h(t-1)·W_hhᵀ + b_ih + b_hh split as [z_i, z_f, z_g, z_o] and
 * peephole vectors p_i, p_f, p_o (zero when the layer has none):
 * <pre>
 *   i = σ(z_i + p_i⊙c(t-1))     f = σ(z_f + p_f⊙c(t-1))     g = tanh(z_g)
 *   c(t) = f⊙c(t-1) + i⊙g
 *   o = σ(z_o + p_o⊙c(t))       h(t) = o⊙tanh(c(t))
 * </pre>
 * Backward, given dh = ∂L/∂h(t) (from the layer above and from step t+1) and the carried dc = ∂L/∂c(t) from t+1:
 * <pre>
 *   dz_o = dh⊙tanh(c)⊙o(1-o)
 *   dc  += dh⊙o⊙(1-tanh²(c)) + dz_o⊙p_o
 *   dz_i = dc⊙g⊙i(1-i)      dz_f = dc⊙c(t-1)⊙f(1-f)      dz_g = dc⊙i⊙(1-g²)
 *   carried to t-1:  dc(t-1) = dc⊙f + dz_i⊙p_i + dz_f⊙p_f
 *   db_ih = db_hh = Σ dz     dp_i = Σ dz_i⊙c(t-1)    dp_f = Σ dz_f⊙c(t-1)    dp_o = Σ dz_o⊙c(t)
 * </pre>
 * Gate activations, cells and tanh(c) of every step are kept on the heap between forward and backward.
 *
 * <p>Sequences of different lengths run longest first, so the examples still running at step t are the leading
 * {@code active} rows. A finished example's state is carried unchanged, h(t) = h(t-1) and c(t) = c(t-1), so the
 * last step's h is each example's own last hidden state. Backward, a carried h passes its gradient straight to the
 * step where the example ended, and the padded steps' dz are zero: they change no parameter or input gradient.
 *
 * <p>Java has no generics over primitives, so the same equations exist twice: {@link Float32Cell} for training (fast
 * vectorisable activations) and, beside the gradient checks that alone use it, a float64 cell with exact
 * {@code Math} functions. A test holds the two to the same results.
 */
abstract class LstmCell {

    final int hidden;
    int batch;

    LstmCell(int hidden) {
        this.hidden = hidden;
    }

    /* Peepholes travel as one [3, H] tensor (rows i, f, o) and are used as three vectors; either array type. */
    static void unpack(Object all, int h, Object i, Object f, Object o) {
        System.arraycopy(all, 0, i, 0, h);
        System.arraycopy(all, h, f, 0, h);
        System.arraycopy(all, 2 * h, o, 0, h);
    }

    static void pack(Object i, Object f, Object o, int h, Object all) {
        System.arraycopy(i, 0, all, 0, h);
        System.arraycopy(f, 0, all, h, h);
        System.arraycopy(o, 0, all, 2 * h, h);
    }

    /** Makes a layer's cell: {@link Float32Cell} for training, the gradient checks' float64 cell for them. */
    @FunctionalInterface
    interface Factory {
        LstmCell create(int hidden, int steps, int maxBatch);
    }

    /**
     * Begins a sequence of {@code batch} examples from the cell states {@code initialCells} [batch, H] (null:
     * zero). The biases are added here rather than by the matrix product, where they would cost a separate pass
     * over [steps·batch, 4H]; {@code peepholes} is [3, H] or null.
     */
    abstract void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes,
                               INDArray initialCells);

    /** Writes c(t) [batch, H] of the sequence last run forward into {@code target}: where a next window starts. */
    abstract void cellsAfter(int t, INDArray target);

    /**
     * Step t: reads z = x·W_ihᵀ + h(t-1)·W_hhᵀ [batch, 4H] (no biases yet) for the leading {@code active} rows,
     * writes h(t) [batch, H]: new for those rows, carried for the rest.
     */
    abstract void forward(int t, int active, INDArray z, INDArray h);

    abstract void startBackward();

    /**
     * Step t, in reverse order: dh(t) is the sum of {@code dhAbove} and {@code dhNext} (either may be null); only
     * the leading {@code activeNext} rows of {@code dhNext} (those that ran step t+1) are read, the others take the
     * gradient carried through their padding. Writes dz [batch, 4H], zero past the leading {@code active} rows.
     */
    abstract void backward(int t, int active, int activeNext, INDArray dhAbove, INDArray dhNext, INDArray dz);

    /** Stores the bias (and peephole) gradients summed over all steps and examples. */
    abstract void finishBackward(INDArray dBiasIh, INDArray dBiasHh, INDArray dPeepholes);
}
