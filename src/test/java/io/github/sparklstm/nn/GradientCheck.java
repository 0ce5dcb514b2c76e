package io.github.sparklstm.nn;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference reference for analytic gradients, in float64, with the fourth-order central difference
 * (f(x-2ε) - 8f(x-ε) + 8f(x+ε) - f(x+2ε)) / 12ε: its truncation error (~ε⁴) and rounding error (~1e-16/ε) stay
 * near 1e-13 absolute, where the plain two-point difference leaves ~1e-10 and cannot meet a 1e-6 relative tolerance.
 *
 * <p>Relative error is |a - n| / max(|a|, |n|, 1e-6): gradients of at least 1e-6 in magnitude are held to a true
 * relative error; smaller ones (saturated units, cancelling terms) to an absolute error of 1e-6 × 1e-6 = 1e-12,
 * since double-precision finite differences cannot resolve them further (measured: ~2e-13 absolute noise).
 */
final class GradientCheck {

    static final double EPSILON = 1e-3;
    static final double SCALE_FLOOR = 1e-6;

    private GradientCheck() {
    }

    /** The largest relative error over every element of {@code variable}, perturbed in place and restored. */
    static double maxRelativeError(INDArray variable, double[] analytic, DoubleSupplier loss) {
        double worst = 0;
        long n = variable.length();
        for (int k = 0; k < n; k++) {
            double original = variable.getDouble(k);
            double[] f = new double[4];
            double[] offsets = {-2, -1, 1, 2};
            for (int s = 0; s < 4; s++) {
                variable.putScalar(k, original + offsets[s] * EPSILON);
                f[s] = loss.getAsDouble();
            }
            variable.putScalar(k, original);
            double numeric = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * EPSILON);
            double error = relativeError(analytic[k], numeric);
            if (error > worst && System.getenv("GRADCHECK_VERBOSE") != null) {
                System.out.printf("  element %d analytic %.12e numeric %.12e rel %.3e%n", k, analytic[k], numeric, error);
            }
            worst = Math.max(worst, error);
        }
        return worst;
    }

    /** The worst relative errors of every parameter tensor and of the input, each checked against {@code tolerance}. */
    record Worst(double parameters, double input, double[] inputGradient) {
    }

    /**
     * Checks the whole network's gradients for {@code data}: every parameter tensor, then the input (perturbed in
     * the model's float64 copy of it, where ε steps are exact), each within {@code tolerance}.
     */
    static Worst checkNetwork(LstmNetwork model, io.github.sparklstm.data.SequenceBatch data, double tolerance) {
        model.forwardBackward(data, true);
        double[] analytic = model.gradients().toDoubleArray();
        double[] analyticInput = model.inputGradient();
        DoubleSupplier loss = () -> model.forward(data).meanLoss();
        double worst = 0;
        FlatBuffer params = model.parameters();
        for (ParameterLayout.Slot slot : params.layout().slots()) {
            double[] part = new double[slot.size()];
            System.arraycopy(analytic, slot.offset(), part, 0, part.length);
            double error = maxRelativeError(params.view(slot.name()), part, loss);
            org.junit.jupiter.api.Assertions.assertTrue(error <= tolerance, slot.name() + " max relative error "
                    + error);
            worst = Math.max(worst, error);
        }
        model.forward(data);
        INDArray x = model.loadedInput();
        double inputError = maxRelativeError(x, analyticInput, () -> model.forwardLoaded(data).meanLoss());
        org.junit.jupiter.api.Assertions.assertTrue(inputError <= tolerance, "input max relative error "
                + inputError);
        return new Worst(worst, inputError, analyticInput);
    }

    static double relativeError(double analytic, double numeric) {
        double scale = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), SCALE_FLOOR);
        return Math.abs(analytic - numeric) / scale;
    }

    static double[] uniform(SplittableRandom random, int n, double limit) {
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = random.nextDouble(-limit, limit);
        }
        return values;
    }

    static float[] uniformFloats(SplittableRandom random, int n, double limit) {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) random.nextDouble(-limit, limit);
        }
        return values;
    }
}
