package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense softmax classifier over rows of hidden states (each sequence's last, or every step of every sequence),
 * with the mean cross-entropy over the labelled rows: a row whose label is negative (a step without a label, or
 * padding) is predicted but counts for nothing.
 * <pre>
 *   logits = h·Wᵀ + b                  [rows, classes]
 *   log p  = logits - logsumexp(logits)
 *   L      = -(1/N) Σ_{n labelled} log p[n, y_n]          N = the labelled rows
 *   dlogits = (p - onehot(y)) / N  for labelled rows, 0 for the others
 *   dW = dlogitsᵀ·h    db = Σ_n dlogits[n]    dh = dlogits·W
 * </pre>
 * The softmax works in double on the heap whatever the model's precision: it is [batch, classes] small, and a
 * loss summed in double does not depend on the float rounding of its terms' order.
 */
final class SoftmaxHead {

    private final int classes;
    private final INDArray weight;
    private final INDArray bias;
    private final INDArray gradWeight;
    private final INDArray gradBias;
    private final LeadingRows logits;
    private final LeadingRows logitGradients;
    private final LeadingRows hiddenGradients;
    private final double[] logProbabilities;
    private final double[] biasValues;
    private int batch;
    private int labelled;
    private double[] lastLogits = new double[0];

    /** A head for up to {@code maxBatch} rows at a time. */
    SoftmaxHead(int maxBatch, FlatBuffer params, FlatBuffer grads) {
        ParameterLayout.Slot slot = params.layout().slot(ParameterLayout.OUT_WEIGHT);
        classes = slot.rows();
        weight = params.view(ParameterLayout.OUT_WEIGHT);
        bias = params.view(ParameterLayout.OUT_BIAS);
        gradWeight = grads.view(ParameterLayout.OUT_WEIGHT);
        gradBias = grads.view(ParameterLayout.OUT_BIAS);
        var type = params.dataType();
        logits = new LeadingRows(Nd4j.zeros(type, maxBatch, classes));
        logitGradients = new LeadingRows(Nd4j.zeros(type, maxBatch, classes));
        hiddenGradients = new LeadingRows(Nd4j.zeros(type, maxBatch, slot.columns()));
        logProbabilities = new double[maxBatch * classes];
        biasValues = new double[classes];
    }

    /**
     * Classifies the rows {@code hidden} [rows, H]: the loss summed over the labelled rows, their hits, and every
     * row's prediction; {@code examples} is how many sequences the rows are of.
     */
    BatchOutcome forward(INDArray hidden, int[] labels, int batch, int examples) {
        this.batch = batch;
        INDArray lastHidden = hidden;
        INDArray batchLogits = logits.first(batch);
        Gemm.multiply(lastHidden, false, weight, true, batchLogits, 1.0, 0.0);
        double[] z = HeapCopy.readAsDoubles(batchLogits);
        lastLogits = z;
        System.arraycopy(HeapCopy.readAsDoubles(bias), 0, biasValues, 0, classes);
        double lossSum = 0;
        int correct = 0;
        labelled = 0;
        int[] predictions = new int[batch];
        for (int n = 0; n < batch; n++) {
            int row = n * classes;
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                z[row + k] += biasValues[k];
                if (z[row + k] > max) {
                    max = z[row + k];
                    best = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[row + k] - max);
            }
            double logSum = max + Math.log(sum);
            for (int k = 0; k < classes; k++) {
                logProbabilities[row + k] = z[row + k] - logSum;
            }
            predictions[n] = best;
            if (labels[n] < 0) {
                continue;
            }
            labelled++;
            lossSum -= logProbabilities[row + labels[n]];
            if (best == labels[n]) {
                correct++;
            }
        }
        return new BatchOutcome(examples, labelled, lossSum, correct, predictions);
    }

    /** The logits of the last {@link #forward}, [batch, classes] row-major (bias included). */
    double[] logits() {
        return java.util.Arrays.copyOf(lastLogits, batch * classes);
    }

    /** Gradients of the mean loss of the last {@link #forward}; returns dL/dh [rows, H]. */
    INDArray backward(INDArray lastHidden, int[] labels) {
        double[] dz = new double[batch * classes];
        double[] db = new double[classes];
        for (int n = 0; n < batch; n++) {
            if (labels[n] < 0) {
                continue;
            }
            for (int k = 0; k < classes; k++) {
                double target = k == labels[n] ? 1.0 : 0.0;
                double g = (Math.exp(logProbabilities[n * classes + k]) - target) / labelled;
                dz[n * classes + k] = g;
                db[k] += g;
            }
        }
        INDArray dLogits = logitGradients.first(batch);
        HeapCopy.writeFromDoubles(dz, dLogits);
        HeapCopy.writeFromDoubles(db, gradBias);
        Gemm.multiply(dLogits, true, lastHidden, false, gradWeight, 1.0, 0.0);
        INDArray dHidden = hiddenGradients.first(batch);
        Gemm.multiply(dLogits, false, weight, false, dHidden, 1.0, 0.0);
        return dHidden;
    }
}
