package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.ModelSpec;

/**
 * Training in one JVM: epochs of shuffled minibatches, then evaluation on the test set after each. It is the
 * baseline users compare against and the reference the Spark job reproduces with one worker averaging every step:
 * the order of epoch e is {@link EpochOrder#shuffled}(n, seed, e, partition 0) and the global step counts every
 * update from the start.
 */
public final class Trainer {

    /** Called after each epoch; the default does nothing. */
    public interface Listener {
        default void onEpoch(int epoch, StepStats training, Evaluation test, long globalStep) {
        }
    }

    public record Result(Replica replica, Evaluation test, int epochs, long steps, double seconds) {
    }

    private Trainer() {
    }

    public static Result train(ModelSpec spec, InputScaling scaling, SequenceSet train, SequenceSet test,
                               TrainingSettings settings, Listener listener) {
        long start = System.nanoTime();
        Replica replica = new Replica(spec, train.steps(), settings.batchSize(), settings.optimizer());
        Initialization.keras(replica.parameters(), spec, settings.seed());
        BatchBuilder batches = new BatchBuilder(train, scaling, settings.batchSize());
        int perEpoch = EpochOrder.batchesPerEpoch(train.size(), settings.batchSize());
        long globalStep = 0;
        Evaluation evaluation = null;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = EpochOrder.shuffled(train.size(), settings.seed(), epoch, 0);
            StepStats stats = replica.train(batches, order, 0, perEpoch, globalStep, settings.schedule(),
                    settings.clipNorm());
            if (stats.diverged()) {
                throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + " after "
                        + (globalStep + stats.batches()) + " steps: non-finite loss or gradient");
            }
            globalStep += stats.batches();
            evaluation = Evaluation.of(replica.model(), test, scaling);
            listener.onEpoch(epoch, stats, evaluation, globalStep);
        }
        return new Result(replica, evaluation, settings.epochs(), globalStep, (System.nanoTime() - start) / 1e9);
    }
}
