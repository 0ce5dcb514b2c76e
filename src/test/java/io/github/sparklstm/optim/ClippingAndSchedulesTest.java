package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import org.junit.jupiter.api.Test;

class ClippingAndSchedulesTest {

    private static final ParameterLayout LAYOUT = ParameterLayout.of(new ModelSpec(1, 1, 1, false, 2));

    private static FlatBuffer gradient(double a, double b) {
        double[] values = new double[LAYOUT.size()];
        values[0] = a;
        values[5] = b;
        FlatBuffer buffer = FlatBuffer.zeros(LAYOUT, Precision.FLOAT64);
        buffer.copyFrom(values);
        return buffer;
    }

    @Test
    void clipsTheGlobalNormAcrossTensors() {
        FlatBuffer g = gradient(3, 4); // elements in two different tensors; ‖g‖ = 5
        assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 1.0), 1e-12);
        assertEquals(0.6, g.toDoubleArray()[0], 1e-12);
        assertEquals(0.8, g.toDoubleArray()[5], 1e-12);
        assertEquals(1.0, g.flat().norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void leavesSmallGradientsAloneAndCanBeDisabled() {
        FlatBuffer g = gradient(3, 4);
        assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 10.0), 1e-12);
        assertEquals(3.0, g.toDoubleArray()[0], 1e-12);
        assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 0), 1e-12);
        assertEquals(4.0, g.toDoubleArray()[5], 1e-12);
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(0.01, new LearningRateSchedule.Constant(0.01).rateAt(123456), 0);
        var step = new LearningRateSchedule.StepDecay(0.1, 100, 0.5);
        assertEquals(0.1, step.rateAt(99), 1e-15);
        assertEquals(0.05, step.rateAt(100), 1e-15);
        assertEquals(0.025, step.rateAt(250), 1e-15);
        var cosine = new LearningRateSchedule.Cosine(0.1, 1000, 0.0);
        assertEquals(0.1, cosine.rateAt(0), 1e-15);
        assertEquals(0.05, cosine.rateAt(500), 1e-15);
        assertEquals(0.0, cosine.rateAt(1000), 1e-15);
        assertEquals(0.0, cosine.rateAt(5000), 1e-15);
        var warm = new LearningRateSchedule.Warmup(new LearningRateSchedule.Constant(0.1), 10);
        assertEquals(0.01, warm.rateAt(0), 1e-15);
        assertEquals(0.05, warm.rateAt(4), 1e-15);
        assertEquals(0.1, warm.rateAt(9), 1e-15);
        assertEquals(0.1, warm.rateAt(10), 1e-15);
    }

    @Test
    void schedulesRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Constant(-1));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(0.1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Cosine(0.1, 0, 0));
    }
}
