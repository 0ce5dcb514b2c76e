package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.ModelSpec;

/**
 * Training in one JVM: epochs of shuffled minibatches, then evaluation on the test set (and the validation set,
 * when there is one) after each. It is the baseline users compare against and the reference the Spark job
 * reproduces with one worker averaging every step: the order of epoch e is {@link EpochOrder#shuffled}(n, seed, e,
 * partition 0) and the global step counts every update from the start.
 */
public final class Trainer {

    /** Called after each epoch; the defaults do nothing. */
    public interface Listener {
        default void onEpoch(int epoch, StepStats training, Evaluation test, long globalStep) {
        }

        default void onValidation(int epoch, Evaluation validation, long globalStep) {
        }
    }

    /**
     * The replica as training left it; {@code kept} are the parameters to save (the last, or the best by
     * validation) and {@code test} their evaluation; {@code epochs} were trained; {@code stopReason} is null unless
     * training stopped early; {@code bestEpoch} is -1 without validation.
     */
    public record Result(Replica replica, float[] kept, Evaluation test, int epochs, long steps, double seconds,
                         int bestEpoch, String stopReason) {
    }

    private Trainer() {
    }

    public static Result train(ModelSpec spec, InputScaling scaling, SequenceSet train, SequenceSet test,
                               TrainingSettings settings, Listener listener) {
        return train(spec, scaling, train, test, null, settings, listener);
    }

    /** As {@link #train(ModelSpec, InputScaling, SequenceSet, SequenceSet, TrainingSettings, Listener)}, validating
     * on {@code validation} (null: none) after each epoch. */
    public static Result train(ModelSpec spec, InputScaling scaling, SequenceSet train, SequenceSet test,
                               SequenceSet validation, TrainingSettings settings, Listener listener) {
        long start = System.nanoTime();
        Replica replica = new Replica(spec, train.steps(), settings.batchSize(), settings.optimizer());
        Initialization.keras(replica.parameters(), spec, settings.seed());
        replica.setCarryState(settings.carryState());
        BatchBuilder batches = new BatchBuilder(train, scaling, settings.batchSize());
        int perEpoch = EpochOrder.batchesPerEpoch(train.size(), settings.batchSize());
        ModelSelection selection = new ModelSelection(settings.selection());
        long globalStep = 0;
        Evaluation evaluation = null;
        int epoch = 0;
        String stopReason = null;
        while (epoch < settings.epochs().toRun() && stopReason == null) {
            int[] order = EpochOrder.forTraining(train, settings.batchSize(), settings.seed(), epoch, 0,
                    settings.carryState());
            StepStats stats = replica.train(batches, order, 0, perEpoch, globalStep, settings.schedule(),
                    settings.clipNorm());
            if (stats.diverged() || stats.meanLoss() > settings.divergenceLoss()) {
                throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + " after "
                        + (globalStep + stats.batches()) + " steps: " + (stats.diverged() ? "non-finite loss or "
                        + "gradient" : "mean loss " + stats.meanLoss() + " above " + settings.divergenceLoss()));
            }
            globalStep += stats.batches();
            evaluation = Evaluation.of(replica.model(), test, scaling, settings.carryState());
            listener.onEpoch(epoch, stats, evaluation, globalStep);
            if (validation != null) {
                Evaluation checked = Evaluation.of(replica.model(), validation, scaling);
                listener.onValidation(epoch, checked, globalStep);
                if (selection.offer(checked, replica.parameters().toFloatArray(), epoch, globalStep)) {
                    stopReason = selection.stopReason();
                }
            }
            epoch++;
        }
        float[] last = replica.parameters().toFloatArray();
        float[] kept = selection.kept(last);
        if (kept != last) {
            replica.parameters().copyFrom(kept);
            evaluation = Evaluation.of(replica.model(), test, scaling, settings.carryState());
        }
        return new Result(replica, kept, evaluation, epoch, globalStep, (System.nanoTime() - start) / 1e9,
                validation == null ? -1 : selection.state().bestEpoch(), stopReason);
    }
}
