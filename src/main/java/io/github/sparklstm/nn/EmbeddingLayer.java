package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned embedding in front of the first LSTM layer, PyTorch's {@code nn.Embedding}: symbol s of a vocabulary of
 * V becomes row s of the table E [V, D].
 * <pre>
 *   forward    x(t) = E[s(t)]
 *   backward   dE[v] = Σ dx(t) over the steps t with s(t) = v      (rows of symbols not in the batch: 0)
 * </pre>
 * A one-hot input times W_ih gives the same function; the table is worth it when V is large (a lookup of D values
 * instead of a [V]-long product per step and gate) and when D < V makes the first layer's products smaller.
 *
 * <p>Symbols arrive as the batch's one feature per step, the symbol's number as a float (exact up to 2²⁴). Steps
 * past an example's end (padding) look up a symbol too; their dx is zero, so they add nothing to dE.
 */
final class EmbeddingLayer {

    private final int vocabulary;
    private final int width;
    private final INDArray table;
    private final INDArray gradTable;
    private final LeadingRows outputs;
    private int[] symbols = new int[0];
    private int rows;
    /* Heap buffers kept from batch to batch: dE is V·D values, and the backward pass writes all of them. */
    private double[] sums = new double[0];
    private float[] narrow = new float[0];
    private float[] gradientFloats = new float[0];
    private double[] gradientDoubles = new double[0];

    EmbeddingLayer(int steps, int maxBatch, FlatBuffer params, FlatBuffer grads) {
        ParameterLayout.Slot slot = params.layout().slot(ParameterLayout.EMBEDDING);
        vocabulary = slot.rows();
        width = slot.columns();
        table = params.view(ParameterLayout.EMBEDDING);
        gradTable = grads.view(ParameterLayout.EMBEDDING);
        outputs = new LeadingRows(Nd4j.zeros(params.dataType(), (long) steps * maxBatch, width));
    }

    /** The first layer's input [rows, D] for the symbols {@code inputs[0 .. rows)} (time-major, one per row). */
    INDArray forward(float[] inputs, int rows) {
        if (symbols.length != rows) {
            symbols = new int[rows];  // pullRows takes the whole array: sized to the batch, made again when it changes
        }
        for (int r = 0; r < rows; r++) {
            float value = inputs[r];
            int symbol = (int) value;
            if (symbol != value || symbol < 0 || symbol >= vocabulary) {
                throw new IllegalArgumentException("input " + value + " at row " + r + " is not a symbol of the "
                        + vocabulary + "-symbol vocabulary (0.." + (vocabulary - 1) + ")");
            }
            symbols[r] = symbol;
        }
        this.rows = rows;
        INDArray x = outputs.first(rows);
        x.assign(Nd4j.pullRows(table, 1, symbols));
        return x;
    }

    /** dE from dx [rows, D] of the last forward's rows, summed in row order, so the bits do not depend on threads. */
    void backward(INDArray dx) {
        int length = rows * width;
        boolean wide = dx.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        if (wide && gradientDoubles.length < length) {
            gradientDoubles = new double[length];
        } else if (!wide && gradientFloats.length < length) {
            gradientFloats = new float[length];
        }
        if (wide) {
            HeapCopy.read(dx, gradientDoubles, length);
        } else {
            HeapCopy.read(dx, gradientFloats, length);
        }
        int size = vocabulary * width;
        if (sums.length != size) {
            sums = new double[size];
        } else {
            java.util.Arrays.fill(sums, 0);
        }
        for (int r = 0; r < rows; r++) {
            int to = symbols[r] * width;
            int from = r * width;
            for (int j = 0; j < width; j++) {
                sums[to + j] += wide ? gradientDoubles[from + j] : gradientFloats[from + j];
            }
        }
        if (wide) {
            HeapCopy.write(sums, size, gradTable);
        } else {
            if (narrow.length != size) {
                narrow = new float[size];
            }
            for (int k = 0; k < size; k++) {
                narrow[k] = (float) sums[k];
            }
            HeapCopy.write(narrow, size, gradTable);
        }
    }
}
