package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense linear head regressing K real values per row of hidden states (each sequence's last: a forecast of
 * horizon x targets; or every step: per-step regression), with the mean loss over the target values present (NaN:
 * none, as on padding).
 * <pre>
 *   y = h·Wᵀ + b                         [rows, K]          e = y - t
 *   mse:   ℓ = e²                        dℓ/de = 2e
 *   mae:   ℓ = |e|                       dℓ/de = sign(e)     (0 at e = 0, as PyTorch's L1Loss)
 *   huber: ℓ = e²/2 if |e| ≤ 1           dℓ/de = e
 *              |e| - 1/2 otherwise               sign(e)    (PyTorch's HuberLoss, delta = 1)
 *   L = (1/N) Σ_{present} ℓ              N = the target values present
 *   dy = dℓ/de / N    dW = dyᵀ·h    db = Σ_rows dy    dh = dy·W
 * </pre>
 * As the softmax head, the loss is summed in double on the heap: [rows, K] is small.
 */
final class RegressionHead {

    private final ModelSpec.Loss loss;
    private final int outputs;
    private final INDArray weight;
    private final INDArray bias;
    private final INDArray gradWeight;
    private final INDArray gradBias;
    private final LeadingRows values;
    private final LeadingRows valueGradients;
    private final LeadingRows hiddenGradients;
    private final double[] biasValues;
    private double[] lastValues = new double[0];
    private double[] lastGradients = new double[0];
    private int rows;

    RegressionHead(ModelSpec.Loss loss, int maxRows, FlatBuffer params, FlatBuffer grads) {
        ParameterLayout.Slot slot = params.layout().slot(ParameterLayout.OUT_WEIGHT);
        this.loss = loss;
        outputs = slot.rows();
        weight = params.view(ParameterLayout.OUT_WEIGHT);
        bias = params.view(ParameterLayout.OUT_BIAS);
        gradWeight = grads.view(ParameterLayout.OUT_WEIGHT);
        gradBias = grads.view(ParameterLayout.OUT_BIAS);
        var type = params.dataType();
        values = new LeadingRows(Nd4j.zeros(type, maxRows, outputs));
        valueGradients = new LeadingRows(Nd4j.zeros(type, maxRows, outputs));
        hiddenGradients = new LeadingRows(Nd4j.zeros(type, maxRows, slot.columns()));
        biasValues = new double[outputs];
    }

    /**
     * Predicts the rows {@code hidden} [rows, H] and scores them against {@code targets} [rows, K] (null: predict
     * only); {@code examples} is how many sequences the rows are of.
     */
    BatchOutcome forward(INDArray hidden, float[] targets, int rows, int examples) {
        this.rows = rows;
        INDArray y = values.first(rows);
        Gemm.multiply(hidden, false, weight, true, y, 1.0, 0.0);
        double[] out = HeapCopy.readAsDoubles(y);
        System.arraycopy(HeapCopy.readAsDoubles(bias), 0, biasValues, 0, outputs);
        for (int i = 0; i < out.length; i++) {
            out[i] += biasValues[i % outputs];
        }
        lastValues = out;
        double[] slopes = new double[out.length];
        double lossSum = 0;
        int scored = 0;
        for (int i = 0; targets != null && i < out.length; i++) {
            if (Float.isNaN(targets[i])) {
                continue;
            }
            double e = out[i] - targets[i];
            double a = Math.abs(e);
            switch (loss) {
                case MSE -> {
                    lossSum += e * e;
                    slopes[i] = 2 * e;
                }
                case MAE -> {
                    lossSum += a;
                    slopes[i] = Math.signum(e);
                }
                case HUBER -> {
                    lossSum += a <= 1 ? e * e / 2 : a - 0.5;
                    slopes[i] = a <= 1 ? e : Math.signum(e);
                }
                default -> throw new IllegalStateException("not a regression loss: " + loss);
            }
            scored++;
        }
        for (int i = 0; scored > 0 && i < slopes.length; i++) {
            slopes[i] /= scored;
        }
        lastGradients = slopes;
        return BatchOutcome.regression(examples, scored, lossSum);
    }

    /** The values of the last {@link #forward}, [rows, K] row-major (bias included), standardised. */
    double[] values() {
        return lastValues.clone();
    }

    /** Gradients of the mean loss of the last {@link #forward}; returns dL/dh [rows, H]. */
    INDArray backward(INDArray hidden) {
        double[] db = new double[outputs];
        for (int i = 0; i < lastGradients.length; i++) {
            db[i % outputs] += lastGradients[i];
        }
        INDArray dy = valueGradients.first(rows);
        HeapCopy.writeFromDoubles(lastGradients, dy);
        HeapCopy.writeFromDoubles(db, gradBias);
        Gemm.multiply(dy, true, hidden, false, gradWeight, 1.0, 0.0);
        INDArray dHidden = hiddenGradients.first(rows);
        Gemm.multiply(dy, false, weight, false, dHidden, 1.0, 0.0);
        return dHidden;
    }
}
