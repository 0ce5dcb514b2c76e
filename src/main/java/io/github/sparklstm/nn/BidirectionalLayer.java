package io.github.sparklstm.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bidirectional LSTM layer: a forward {@link LstmLayer} over each sequence as it is and a backward one over each
 * sequence reversed, their hidden states side by side, as PyTorch's {@code nn.LSTM(bidirectional=True)} and its
 * packed sequences compute them. With R the reversal of each example's own steps (row (t, e) ↔ (L_e−1−t, e) for
 * t < L_e; padding rows stay), which is its own inverse:
 * <pre>
 *   forward:   H_f = LSTM_f(X)        H_b = R(LSTM_b(R(X)))        H = [H_f | H_b]       [steps·batch, 2H]
 *   last:      [h_f(L_e−1) | h_b(0)]  (the backward direction's final state, at the first step: PyTorch's h_n)
 *   backward:  dX = dX_f + R(dX_b),   LSTM_f backward from dH[:, :H],   LSTM_b backward from R(dH[:, H:])
 * </pre>
 * So each sequence's backward direction starts at its own last step, and padding gives and takes nothing: the
 * inner layers carry a finished example's state and give its padded steps zero gradients, in either order.
 */
final class BidirectionalLayer implements StackLayer {

    private final LstmLayer forward;
    private final LstmLayer backward;
    private final int inputSize;
    private final int hidden;
    private final Rows reversedInput;
    private final Rows output;
    private final Rows lastOutput;
    private final Rows forwardGradient;
    private final Rows backwardGradient;
    private final Rows lastForwardGradient;
    private final Rows lastBackwardGradient;
    private final Rows inputGradient;
    private int batch;
    private int batchSteps;
    private int[] lengths;

    BidirectionalLayer(int layer, int inputSize, int steps, int maxBatch, FlatBuffer params, FlatBuffer grads,
                       LstmCell.Factory cells) {
        forward = new LstmLayer(layer, false, inputSize, steps, maxBatch, params, grads, cells);
        backward = new LstmLayer(layer, true, inputSize, steps, maxBatch, params, grads, cells);
        this.inputSize = inputSize;
        this.hidden = params.layout().slot(ParameterLayout.weightHh(layer)).columns();
        DataType type = params.dataType();
        int rows = steps * maxBatch;
        reversedInput = new Rows(type, rows, inputSize);
        output = new Rows(type, rows, 2 * hidden);
        lastOutput = new Rows(type, maxBatch, 2 * hidden);
        forwardGradient = new Rows(type, rows, hidden);
        backwardGradient = new Rows(type, rows, hidden);
        lastForwardGradient = new Rows(type, maxBatch, hidden);
        lastBackwardGradient = new Rows(type, maxBatch, hidden);
        inputGradient = new Rows(type, rows, inputSize);
    }

    @Override
    public INDArray forward(INDArray input, int batch, int batchSteps, int[] lengths) {
        this.batch = batch;
        this.batchSteps = batchSteps;
        this.lengths = lengths;
        int n = batchSteps * batch;
        INDArray outF = forward.forward(input, batch, batchSteps, lengths);
        INDArray reversed = reversedInput.reversed(input, n, batch, lengths);
        INDArray outReversed = backward.forward(reversed, batch, batchSteps, lengths);
        return output.sideBySide(outF, Rows.reverse(Rows.heap(outReversed, n * hidden), hidden, batch, batchSteps,
                lengths), n, hidden);
    }

    @Override
    public INDArray lastOutput() {
        return lastOutput.sideBySide(forward.lastOutput(), Rows.heap(backward.lastOutput(), batch * hidden), batch,
                hidden);
    }

    @Override
    public INDArray backward(INDArray input, INDArray outputGradients, INDArray lastOutputGradient,
                             boolean wantInputGradient) {
        int n = batchSteps * batch;
        INDArray dF = null;
        INDArray dB = null;
        INDArray dLastF = null;
        INDArray dLastB = null;
        if (outputGradients != null) {
            Object both = Rows.heap(outputGradients, n * 2 * hidden);
            dF = forwardGradient.columns(both, n, 2 * hidden, 0, hidden);
            dB = backwardGradient.write(Rows.reverse(backwardGradient.columnsHeap(both, n, 2 * hidden, hidden,
                    hidden), hidden, batch, batchSteps, lengths), n);
        }
        if (lastOutputGradient != null) {
            Object both = Rows.heap(lastOutputGradient, batch * 2 * hidden);
            dLastF = lastForwardGradient.columns(both, batch, 2 * hidden, 0, hidden);
            dLastB = lastBackwardGradient.columns(both, batch, 2 * hidden, hidden, hidden);
        }
        INDArray dxF = forward.backward(input, dF, dLastF, wantInputGradient);
        INDArray dxReversed = backward.backward(reversedInput.first(n), dB, dLastB, wantInputGradient);
        if (!wantInputGradient) {
            return null;
        }
        Object sum = Rows.heap(dxF, n * inputSize);
        Rows.add(sum, Rows.reverse(Rows.heap(dxReversed, n * inputSize), inputSize, batch, batchSteps, lengths));
        return inputGradient.write(sum, n);
    }

    /**
     * Row blocks of one [rows, width] array, and the heap copies that move rows between them: float32 or float64
     * as the model's buffers are ({@code System.arraycopy} takes either).
     */
    static final class Rows {
        private final INDArray store;
        private final int width;
        private final LeadingRows leading;

        Rows(DataType type, int rows, int width) {
            this.store = Nd4j.zeros(type, rows, width);
            this.width = width;
            this.leading = new LeadingRows(store);
        }

        INDArray first(int rows) {
            return leading.first(rows);
        }

        /** The first {@code rows} rows set from {@code values} (row-major, this width). */
        INDArray write(Object values, int rows) {
            INDArray target = first(rows);
            if (values instanceof float[] f) {
                HeapCopy.write(f, rows * width, target);
            } else {
                HeapCopy.write((double[]) values, rows * width, target);
            }
            return target;
        }

        /** {@code input}'s first {@code rows} rows with each example's steps reversed. */
        INDArray reversed(INDArray input, int rows, int batch, int[] lengths) {
            return write(reverse(heap(input, rows * width), width, batch, rows / batch, lengths), rows);
        }

        /** [a | b] of the first {@code rows} rows of two arrays of {@code half} columns each. */
        INDArray sideBySide(INDArray a, Object b, int rows, int half) {
            Object left = heap(a, rows * half);
            Object both = left instanceof float[] ? new float[rows * 2 * half] : new double[rows * 2 * half];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(left, r * half, both, r * 2 * half, half);
                System.arraycopy(b, r * half, both, r * 2 * half + half, half);
            }
            return write(both, rows);
        }

        /** Columns {@code [from, from + count)} of a heap [rows, width] array, into these rows. */
        INDArray columns(Object all, int rows, int allWidth, int from, int count) {
            return write(columnsHeap(all, rows, allWidth, from, count), rows);
        }

        Object columnsHeap(Object all, int rows, int allWidth, int from, int count) {
            Object part = all instanceof float[] ? new float[rows * count] : new double[rows * count];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(all, r * allWidth + from, part, r * count, count);
            }
            return part;
        }

        /** The first {@code length} values of a contiguous array, on the heap in its precision. */
        static Object heap(INDArray source, int length) {
            if (source.dataType() == DataType.FLOAT) {
                float[] values = new float[length];
                HeapCopy.read(source, values, length);
                return values;
            }
            double[] values = new double[length];
            HeapCopy.read(source, values, length);
            return values;
        }

        /** R: each example's steps of a time-major heap [steps·batch, width] array in reverse order, padding kept. */
        static Object reverse(Object values, int width, int batch, int steps, int[] lengths) {
            Object reversed = values instanceof float[] f ? f.clone() : ((double[]) values).clone();
            for (int e = 0; e < batch; e++) {
                int length = lengths == null ? steps : lengths[e];
                for (int t = 0; t < length; t++) {
                    System.arraycopy(values, (t * batch + e) * width, reversed,
                            ((length - 1 - t) * batch + e) * width, width);
                }
            }
            return reversed;
        }

        static void add(Object into, Object other) {
            if (into instanceof float[] f) {
                float[] g = (float[]) other;
                for (int i = 0; i < f.length; i++) {
                    f[i] += g[i];
                }
            } else {
                double[] d = (double[]) into;
                double[] g = (double[]) other;
                for (int i = 0; i < d.length; i++) {
                    d[i] += g[i];
                }
            }
        }
    }
}
