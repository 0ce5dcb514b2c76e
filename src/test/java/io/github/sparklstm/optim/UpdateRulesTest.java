package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Each update rule against numbers worked out by hand (in the comments) for two steps on a small buffer, in
 * float64 so the expected values are exact to 1e-12; and Adam's float32 loop against the vector operations.
 */
class UpdateRulesTest {

    /* 22 parameters: the smallest layout (1 input, 1 hidden unit, 2 classes). Only the first three matter here. */
    private static final ParameterLayout LAYOUT = ParameterLayout.of(new ModelSpec(1, 1, 1, false, 2));

    private static FlatBuffer buffer(double... head) {
        double[] values = new double[LAYOUT.size()];
        System.arraycopy(head, 0, values, 0, head.length);
        FlatBuffer buffer = FlatBuffer.zeros(LAYOUT, Precision.FLOAT64);
        buffer.copyFrom(values);
        return buffer;
    }

    private static double[] head(FlatBuffer buffer) {
        double[] all = buffer.toDoubleArray();
        return new double[] {all[0], all[1], all[2]};
    }

    private static Optimizer rule(OptimizerConfig.Kind kind) {
        return Optimizer.of(OptimizerConfig.defaults(kind));
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        FlatBuffer params = buffer(1.0, -2.0, 0.5);
        Optimizer sgd = rule(OptimizerConfig.Kind.SGD);
        OptimizerState state = sgd.newState(LAYOUT, Precision.FLOAT64);
        sgd.apply(params, buffer(0.5, 0.25, -1.0), state, 0.1);
        // 1 - 0.1*0.5 = 0.95; -2 - 0.1*0.25 = -2.025; 0.5 + 0.1 = 0.6
        assertArrayEquals(new double[] {0.95, -2.025, 0.6}, head(params), 1e-12);
        assertEquals(1, state.updates());
        assertEquals(0, state.slotCount());
    }

    @Test
    void momentumAccumulatesVelocity() {
        FlatBuffer params = buffer(1.0, -2.0, 0.5);
        Optimizer momentum = rule(OptimizerConfig.Kind.MOMENTUM);
        OptimizerState state = momentum.newState(LAYOUT, Precision.FLOAT64);
        momentum.apply(params, buffer(0.5, 0.25, -1.0), state, 0.1);
        // v = g = (0.5, 0.25, -1); θ = (0.95, -2.025, 0.6)
        momentum.apply(params, buffer(1.0, 0.0, 2.0), state, 0.1);
        // v = 0.9*(0.5, 0.25, -1) + (1, 0, 2) = (1.45, 0.225, 1.1); θ = (0.95-0.145, -2.025-0.0225, 0.6-0.11)
        assertArrayEquals(new double[] {1.45, 0.225, 1.1}, head(state.slot(0)), 1e-12);
        assertArrayEquals(new double[] {0.805, -2.0475, 0.49}, head(params), 1e-12);
    }

    @Test
    void nesterovLooksAheadAlongTheNewVelocity() {
        FlatBuffer params = buffer(1.0, -2.0, 0.5);
        Optimizer nesterov = rule(OptimizerConfig.Kind.NESTEROV);
        OptimizerState state = nesterov.newState(LAYOUT, Precision.FLOAT64);
        nesterov.apply(params, buffer(0.5, 0.25, -1.0), state, 0.1);
        // v = g; step = g + 0.9 v = 1.9 g = (0.95, 0.475, -1.9); θ = (0.905, -2.0475, 0.69)
        assertArrayEquals(new double[] {0.905, -2.0475, 0.69}, head(params), 1e-12);
        nesterov.apply(params, buffer(1.0, 0.0, 2.0), state, 0.1);
        // v = (1.45, 0.225, 1.1); step = g + 0.9 v = (2.305, 0.2025, 2.99); θ = (0.6745, -2.06775, 0.391)
        assertArrayEquals(new double[] {0.6745, -2.06775, 0.391}, head(params), 1e-12);
    }

    @Test
    void adamCorrectsItsBias() {
        FlatBuffer params = buffer(1.0, -2.0, 0.5);
        Optimizer adam = rule(OptimizerConfig.Kind.ADAM);
        OptimizerState state = adam.newState(LAYOUT, Precision.FLOAT64);
        adam.apply(params, buffer(0.5, 0.25, -1.0), state, 0.01);
        // t=1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g²: step = lr·g/(|g| + 1e-8) ≈ lr·sign(g)
        double[] expected = {1.0 - 0.01 * 0.5 / (0.5 + 1e-8), -2.0 - 0.01 * 0.25 / (0.25 + 1e-8),
                             0.5 + 0.01 * 1.0 / (1.0 + 1e-8)};
        assertArrayEquals(expected, head(params), 1e-12);
        adam.apply(params, buffer(1.0, 0.0, 2.0), state, 0.01);
        // t=2, element 0: m = 0.9·0.05 + 0.1·1 = 0.145; v = 0.999·0.00025 + 0.001·1 = 0.00124975
        // m̂ = 0.145/0.19 = 0.763157894736842; √v̂ = √(0.00124975/0.001999) = 0.790690090...
        double mHat = 0.145 / 0.19;
        double vHat = 0.00124975 / (1 - 0.999 * 0.999);
        assertEquals(0.145, head(state.slot(0))[0], 1e-15);
        assertEquals(0.00124975, head(state.slot(1))[0], 1e-15);
        assertEquals(expected[0] - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8), head(params)[0], 1e-12);
        // m̂/√v̂ = 0.763158/0.790690 = 0.965180, so θ = 0.990000 - 0.009652 = 0.980348
        assertEquals(0.980348, head(params)[0], 1e-6);
        assertEquals(2, state.updates());
    }

    /*
     * The float32 update runs as a loop on the heap; it must give the bits of the ND4J vector operations it
     * replaced (the float64 path's formula, applied to float arrays), over steps where the bias correction moves.
     */
    @Test
    void adamInFloat32IsTheVectorFormulaBitForBit() {
        ParameterLayout layout = ParameterLayout.of(new ModelSpec(3, 4, 1, false, 2));
        int n = layout.size();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        Optimizer adam = rule(OptimizerConfig.Kind.ADAM);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT32);
        OptimizerState state = adam.newState(layout, Precision.FLOAT32);
        INDArray p = Nd4j.zeros(DataType.FLOAT, n);
        INDArray m = Nd4j.zeros(DataType.FLOAT, n);
        INDArray v = Nd4j.zeros(DataType.FLOAT, n);
        float[] start = new float[n];
        for (int k = 0; k < n; k++) {
            start[k] = (float) random.nextDouble(-1, 1);
        }
        params.copyFrom(start);
        p.assign(Nd4j.createFromArray(start));
        FlatBuffer grads = FlatBuffer.zeros(layout, Precision.FLOAT32);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int t = 1; t <= 5; t++) {
            float[] g = new float[n];
            for (int k = 0; k < n; k++) {
                g[k] = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-4, 2)));
            }
            grads.copyFrom(g);
            double lr = 0.01 * t;
            adam.apply(params, grads, state, lr);
            INDArray gv = Nd4j.createFromArray(g);
            m.muli(b1).addi(gv.dup().muli(1 - b1));
            v.muli(b2).addi(gv.dup().muli(gv).muli(1 - b2));
            INDArray denominator = Transforms.sqrt(v.dup(), false).divi(Math.sqrt(1 - Math.pow(b2, t))).addi(eps);
            p.subi(denominator.rdivi(m).muli(lr / (1 - Math.pow(b1, t))));
        }
        assertArrayEquals(p.toFloatVector(), params.toFloatArray());
        assertArrayEquals(m.toFloatVector(), state.slot(0).toFloatArray());
        assertArrayEquals(v.toFloatVector(), state.slot(1).toFloatArray());
    }

    @Test
    void rmsPropDividesByTheRootMeanSquare() {
        FlatBuffer params = buffer(1.0, -2.0, 0.5);
        Optimizer rms = rule(OptimizerConfig.Kind.RMSPROP);
        OptimizerState state = rms.newState(LAYOUT, Precision.FLOAT64);
        rms.apply(params, buffer(0.5, 0.25, -1.0), state, 0.01);
        // s = 0.01 g² = (0.0025, 0.000625, 0.01); step = lr·g/(0.1|g| + 1e-8) ≈ 0.1·sign(g)
        assertArrayEquals(new double[] {0.0025, 0.000625, 0.01}, head(state.slot(0)), 1e-15);
        assertArrayEquals(new double[] {1.0 - 0.005 / (0.05 + 1e-8), -2.0 - 0.0025 / (0.025 + 1e-8),
                                        0.5 + 0.01 / (0.1 + 1e-8)}, head(params), 1e-12);
        assertEquals(0.9, head(params)[0], 1e-6);
    }

    @Test
    void stateRoundTripsThroughFloatsAndResets() {
        Optimizer adam = rule(OptimizerConfig.Kind.ADAM);
        FlatBuffer params = FlatBuffer.zeros(LAYOUT, Precision.FLOAT32);
        OptimizerState state = adam.newState(LAYOUT, Precision.FLOAT32);
        FlatBuffer grads = FlatBuffer.zeros(LAYOUT, Precision.FLOAT32);
        grads.flat().assign(0.3);
        adam.apply(params, grads, state, 0.1);
        float[] saved = state.toFloatArray();
        OptimizerState copy = adam.newState(LAYOUT, Precision.FLOAT32);
        copy.copyFrom(saved, state.updates());
        assertArrayEquals(saved, copy.toFloatArray());
        assertEquals(1, copy.updates());
        assertEquals(2 * LAYOUT.size(), saved.length);
        copy.reset();
        assertEquals(0, copy.updates());
        assertEquals(0.0, copy.slot(0).flat().sumNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> copy.copyFrom(new float[3], 0));
    }

    @Test
    void rejectsBadLearningRates() {
        Optimizer sgd = rule(OptimizerConfig.Kind.SGD);
        FlatBuffer params = buffer(1.0);
        OptimizerState state = sgd.newState(LAYOUT, Precision.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> sgd.apply(params, buffer(1.0), state, -0.1));
        assertThrows(IllegalArgumentException.class, () -> sgd.apply(params, buffer(1.0), state, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.Kind.parse("adagrad"));
        assertEquals(OptimizerConfig.Kind.NESTEROV, OptimizerConfig.Kind.parse(" Nesterov "));
    }
}
