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
    void aScaledRateRampsFromTheUnscaledOneToItsFactor() {
        var cosine = new LearningRateSchedule.Cosine(0.01, 100, 0.0);
        var ramped = new LearningRateSchedule.Ramped(cosine, 4, 10);
        assertEquals(cosine.rateAt(0) * 1.3, ramped.rateAt(0), 1e-15);
        assertEquals(cosine.rateAt(4) * 2.5, ramped.rateAt(4), 1e-15);
        assertEquals(cosine.rateAt(9) * 4, ramped.rateAt(9), 1e-15);
        assertEquals(cosine.rateAt(50) * 4, ramped.rateAt(50), 1e-15);
        assertEquals(cosine.rateAt(7) * 4, new LearningRateSchedule.Ramped(cosine, 4, 0).rateAt(7), 1e-15);
    }

    /* train.* defaults: minibatches of 128, at most 1024 examples a step of all replicas, 8192 a round. */
    private static ReplicaScaling scaling(int globalBatchLimit, ReplicaScaling.Rule rule) {
        return new ReplicaScaling(128, globalBatchLimit, 0, 8192, rule);
    }

    /* The default cosine schedule of 500 steps, 50 an epoch, for {@code replicas} replicas. */
    private static LearningRateSchedule schedule(ReplicaScaling scaling, int replicas, double warmupEpochs) {
        return new LearningRates(LearningRates.Kind.COSINE, 0.01, 1000, 0.5, 0, 0,
                scaling.learningRateFactor(replicas), warmupEpochs).schedule(500, 50);
    }

    @Test
    void theWorkerCountScalesTheRateAsTheSettingSays() {
        ReplicaScaling none = scaling(1024, ReplicaScaling.Rule.NONE);
        ReplicaScaling sqrt = scaling(0, ReplicaScaling.Rule.SQRT);
        ReplicaScaling linear = scaling(0, ReplicaScaling.Rule.LINEAR);
        // One worker, or no scaling: the very schedule of an unscaled run (bit for bit).
        assertEquals(schedule(none, 1, 1), schedule(sqrt, 1, 2));
        assertEquals(schedule(none, 1, 1), schedule(none, 16, 1));
        assertEquals(schedule(none, 1, 1).rateAt(200) * 4, schedule(sqrt, 16, 2).rateAt(200), 1e-15);
        assertEquals(schedule(none, 1, 1).rateAt(200) * 16, schedule(linear, 16, 1).rateAt(200), 1e-15);
        // sqrt's ramp: 2 epochs of 50 steps, from 1x to 4x.
        assertEquals(schedule(none, 1, 1).rateAt(49) * 2.5, schedule(sqrt, 16, 2).rateAt(49), 1e-15);
    }

    @Test
    void aGlobalBatchLimitShrinksEachWorkersMinibatchAndTheScaleWithIt() {
        ReplicaScaling limited = scaling(1024, ReplicaScaling.Rule.SQRT);
        assertEquals(128, limited.batchSizeFor(1));
        assertEquals(128, limited.batchSizeFor(8));
        assertEquals(64, limited.batchSizeFor(16));
        assertEquals(16, limited.batchSizeFor(64));
        assertEquals(1, limited.batchSizeFor(5000));
        // 64 workers of 16 take the steps of 8 workers of 128: the same factor.
        assertEquals(Math.sqrt(8), limited.learningRateFactor(64), 1e-15);
        assertEquals(Math.sqrt(8), limited.learningRateFactor(8), 1e-15);
        assertEquals(Math.sqrt(2), limited.learningRateFactor(2), 1e-15);
        assertEquals(1, limited.learningRateFactor(1), 0);
    }

    @Test
    void theDefaultPeriodIsAFixedNumberOfExamplesOfAllWorkersTogether() {
        ReplicaScaling defaults = scaling(1024, ReplicaScaling.Rule.SQRT);
        assertEquals(64, defaults.averagingFrequencyFor(1));
        assertEquals(32, defaults.averagingFrequencyFor(2));
        assertEquals(8, defaults.averagingFrequencyFor(8));
        assertEquals(8, defaults.averagingFrequencyFor(16)); // minibatches of 64
        assertEquals(8, defaults.averagingFrequencyFor(64)); // minibatches of 16
        assertEquals(1, defaults.averagingFrequencyFor(10_000)); // minibatches of 1
        ReplicaScaling fixed = new ReplicaScaling(128, 1024, 5, 8192, ReplicaScaling.Rule.SQRT);
        assertEquals(5, fixed.averagingFrequencyFor(64));
    }

    @Test
    void schedulesRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Constant(-1));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(0.1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Cosine(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule.Ramped(new LearningRateSchedule.Constant(0.1), 2, -1));
    }
}
