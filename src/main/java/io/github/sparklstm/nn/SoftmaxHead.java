package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense softmax classifier on the last hidden state, with mean cross-entropy loss.
 * <pre>
 *   logits = h·Wᵀ + b                  [batch, classes]
 *   log p  = logits - logsumexp(logits)
 *   L      = -(1/batch) Σ_n log p[n, y_n]
 *   dlogits = (p - onehot(y)) / batch
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
    private double[] lastLogits = new double[0];

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

    /** Classifies {@code lastHidden} [batch, H]: loss summed over the batch, hits and predictions. */
    BatchOutcome forward(INDArray lastHidden, int[] labels, int batch) {
        this.batch = batch;
        INDArray batchLogits = logits.first(batch);
        Gemm.multiply(lastHidden, false, weight, true, batchLogits, 1.0, 0.0);
        double[] z = HeapCopy.readAsDoubles(batchLogits);
        lastLogits = z;
        System.arraycopy(HeapCopy.readAsDoubles(bias), 0, biasValues, 0, classes);
        double lossSum = 0;
        int correct = 0;
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
            lossSum -= logProbabilities[row + labels[n]];
            predictions[n] = best;
            if (best == labels[n]) {
                correct++;
            }
        }
        return new BatchOutcome(batch, lossSum, correct, predictions);
    }

    /** The logits of the last {@link #forward}, [batch, classes] row-major (bias included). */
    double[] logits() {
        return java.util.Arrays.copyOf(lastLogits, batch * classes);
    }

    /** Gradients of the mean loss of the last {@link #forward}; returns dL/dh [batch, H]. */
    INDArray backward(INDArray lastHidden, int[] labels) {
        double[] dz = new double[batch * classes];
        double[] db = new double[classes];
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) {
                double target = k == labels[n] ? 1.0 : 0.0;
                double g = (Math.exp(logProbabilities[n * classes + k]) - target) / batch;
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
