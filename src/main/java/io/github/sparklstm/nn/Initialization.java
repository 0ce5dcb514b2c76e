package io.github.sparklstm.nn;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Keras' default initialisation for LSTM and Dense layers, seeded and reproducible on any machine:
 * <ul>
 * <li>input weights W_ih and the head's weights: Glorot-uniform, U(±√(6/(fan_in+fan_out))) over the whole
 *     [4H, in] (resp. [classes, H]) matrix, as Keras does for its [in, 4H] kernel;</li>
 * <li>recurrent weights W_hh [4H, H]: orthogonal columns (Householder QR of a Gaussian matrix, signs fixed by
 *     diag(R)), computed in Java so the bits do not depend on BLAS threads;</li>
 * <li>biases zero except the forget gate's b_ih slice, which is 1 (Keras' unit_forget_bias; b_hh stays 0);</li>
 * <li>peepholes zero, so a peephole model starts as the plain LSTM and learns them;</li>
 * <li>an embedding table U(±0.05), Keras' Embedding default.</li>
 * </ul>
 * Values are drawn in double with {@link SplittableRandom}, one independent stream per tensor in layout order,
 * then rounded to the buffer's precision, so float32 and float64 models start from the same point.
 */
public final class Initialization {

    private Initialization() {
    }

    public static void keras(FlatBuffer params, ModelSpec spec, long seed) {
        ParameterLayout layout = params.layout();
        SplittableRandom root = new SplittableRandom(seed);
        double[] values = new double[layout.size()];
        int h = spec.hiddenSize();
        for (ParameterLayout.Slot slot : layout.slots()) {
            SplittableRandom random = root.split();
            String name = slot.name();
            if (name.startsWith("lstm.weight_ih") || name.equals(ParameterLayout.OUT_WEIGHT)) {
                glorotUniform(values, slot, random);
            } else if (name.startsWith("lstm.weight_hh")) {
                orthogonal(values, slot, random);
            } else if (name.equals(ParameterLayout.EMBEDDING)) {
                for (int k = 0; k < slot.size(); k++) {
                    values[slot.offset() + k] = random.nextDouble(-0.05, 0.05);
                }
            } else if (name.startsWith("lstm.bias_ih")) {
                for (int j = h; j < 2 * h; j++) {
                    values[slot.offset() + j] = 1.0;
                }
            }
        }
        params.copyFrom(values);
    }

    private static void glorotUniform(double[] values, ParameterLayout.Slot slot, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (slot.rows() + slot.columns()));
        for (int k = 0; k < slot.size(); k++) {
            values[slot.offset() + k] = random.nextDouble(-limit, limit);
        }
    }

    /* A [rows >= cols] matrix with orthonormal columns, Keras' orthogonal initializer for its transposed kernel. */
    private static void orthogonal(double[] values, ParameterLayout.Slot slot, SplittableRandom random) {
        int rows = slot.rows();
        int cols = slot.columns();
        double[][] gaussian = new double[rows][cols];
        for (double[] row : gaussian) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(gaussian, false));
        RealMatrix q = qr.getQ();
        RealMatrix r = qr.getR();
        for (int j = 0; j < cols; j++) {
            // Q is unique only up to column signs; taking sign(R_jj) makes the result a function of the Gaussian draw.
            double sign = r.getEntry(j, j) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < rows; i++) {
                values[slot.offset() + i * cols + j] = sign * q.getEntry(i, j);
            }
        }
    }
}
