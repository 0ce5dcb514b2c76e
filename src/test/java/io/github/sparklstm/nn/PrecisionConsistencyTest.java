package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 training path (fast activations, float storage) against the gradient-checked float64 path on the
 * same parameters and batch: the float kernels are held to the checked ones.
 */
class PrecisionConsistencyTest {

    @ParameterizedTest(name = "in={0} H={1} T={2} B={3} layers={4} peepholes={5} ragged={6}")
    @CsvSource({"28, 32, 28, 16, 1, false, false", "5, 16, 9, 7, 2, true, false", "3, 8, 1, 1, 1, true, false",
        "5, 16, 9, 7, 2, true, true", "28, 32, 28, 16, 1, false, true", "5, 16, 9, 7, 2, false, true"})
    void float32MatchesFloat64(int in, int hidden, int steps, int batch, int layers, boolean peepholes,
                               boolean ragged) {
        ModelSpec spec = new ModelSpec(in, hidden, layers, peepholes, 10);
        LstmNetwork single = LstmNetwork.create(spec, steps, batch);
        LstmNetwork reference = LstmNetwork.create(spec, steps, batch, Precision.FLOAT64, Float64Cell::new);
        SplittableRandom random = new SplittableRandom(42);
        float[] params = GradientCheck.uniformFloats(random, single.parameters().layout().size(), 0.5);
        single.parameters().copyFrom(params);
        reference.parameters().copyFrom(params);
        SequenceBatch data = ragged
                ? RaggedBatchTest.raggedBatch(random, lengths(random, steps, batch), in, 10)
                : LstmGradientCheckTest.randomBatch(random, batch, steps, in, 10);

        BatchOutcome fast = single.forwardBackward(data);
        BatchOutcome exact = reference.forwardBackward(data);

        assertEquals(exact.meanLoss(), fast.meanLoss(), 1e-5 * Math.abs(exact.meanLoss()));
        assertArrayEquals(exact.predictions(), fast.predictions());
        double[] g32 = single.gradients().toDoubleArray();
        double[] g64 = reference.gradients().toDoubleArray();
        // Tensor by tensor: a small tensor's error must not hide in the norm of a large one.
        for (ParameterLayout.Slot slot : single.parameters().layout().slots()) {
            double norm = 0;
            double diff = 0;
            for (int k = slot.offset(); k < slot.offset() + slot.size(); k++) {
                norm += g64[k] * g64[k];
                diff += (g32[k] - g64[k]) * (g32[k] - g64[k]);
            }
            if (norm == 0) { // W_hh of a one-step sequence: no recurrence, so both must be exactly zero
                assertEquals(0.0, diff, slot.name());
                continue;
            }
            double relative = Math.sqrt(diff / norm);
            assertTrue(relative < 1e-4, slot.name() + ": float32 gradient differs from float64 by " + relative
                    + " (relative L2)");
        }
    }

    /* Random lengths from steps down to 1, longest first, the first one the full length. */
    private static int[] lengths(SplittableRandom random, int steps, int batch) {
        int[] lengths = new int[batch];
        lengths[0] = steps;
        for (int e = 1; e < batch; e++) {
            lengths[e] = 1 + random.nextInt(lengths[e - 1]);
        }
        return lengths;
    }
}
