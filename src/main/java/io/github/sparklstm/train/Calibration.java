package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import java.util.Random;

/**
 * How fast this JVM trains a model on one thread, measured on random sequences of the model's shape: the compute
 * rate a plan predicts with. The engine's cost does not depend on the values, only on the shapes, so random data
 * measure what real data would.
 */
public final class Calibration {

    private Calibration() {
    }

    /**
     * Training examples per second of {@code spec} on sequences of {@code steps}, in minibatches of {@code batch},
     * after a short warm-up (the JIT and ND4J's first calls), timed for about {@code seconds}.
     */
    public static double trainingRate(ModelSpec spec, int steps, int batch, OptimizerConfig optimizer,
                                      double seconds) {
        int batches = 4;
        int n = batch * batches;
        Random random = new Random(1);
        float[] values = new float[n * steps * spec.batchFeatures()];
        for (int i = 0; i < values.length; i++) {
            values[i] = spec.embeds() ? random.nextInt(spec.inputSize()) : (float) random.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(spec.classes());
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Replica replica = new Replica(spec, steps, batch, optimizer);
        Initialization.keras(replica.parameters(), spec, 1);
        int[] stepLabels = null;
        if (spec.output() == ModelSpec.Output.STEPS) {
            stepLabels = random.ints(n * steps, 0, spec.classes()).toArray();
        }
        BatchBuilder builder = new BatchBuilder(new FloatSequences(values, labels, steps, spec.batchFeatures(), null,
                stepLabels), InputScaling.identity(spec.batchFeatures()), batch);
        LearningRateSchedule schedule = new LearningRateSchedule.Constant(1e-3);
        long warmUntil = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        do {
            replica.train(builder, order, 0, batches, 0, schedule, 1.0);
        } while (System.nanoTime() < warmUntil);
        long examples = 0;
        long start = System.nanoTime();
        long until = start + (long) (seconds * 1e9);
        do {
            examples += replica.train(builder, order, 0, batches, 0, schedule, 1.0).examples();
        } while (System.nanoTime() < until);
        return examples / ((System.nanoTime() - start) / 1e9);
    }
}
