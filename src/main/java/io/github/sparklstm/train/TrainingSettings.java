package io.github.sparklstm.train;

import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;

/**
 * How to train: epochs (the schedule's length), minibatch size, update rule, learning-rate schedule, clipping
 * (≤ 0: off), seed; {@code stopAfterEpochs} (0: all epochs) ends training sooner with the same schedule, and
 * {@code selection} says which parameters to keep and when to stop early; an epoch whose mean loss exceeds
 * {@code divergenceLoss} has diverged (a huge learning rate saturates the network with finite losses).
 */
public record TrainingSettings(int epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                               double clipNorm, long seed, int stopAfterEpochs, ModelSelection.Settings selection,
                               double divergenceLoss) {

    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (optimizer == null || schedule == null || selection == null) {
            throw new IllegalArgumentException("optimizer, schedule and selection are required");
        }
        if (Double.isNaN(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be a number");
        }
        if (!(divergenceLoss > 0)) {
            throw new IllegalArgumentException("divergenceLoss must be positive, got " + divergenceLoss);
        }
        if (stopAfterEpochs < 0) {
            throw new IllegalArgumentException("stopAfterEpochs must not be negative, got " + stopAfterEpochs);
        }
    }

    /** All epochs, the last parameters kept. */
    public TrainingSettings(int epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                            double clipNorm, long seed) {
        this(epochs, batchSize, optimizer, schedule, clipNorm, seed, 0, ModelSelection.Settings.keepLast(),
                Double.POSITIVE_INFINITY);
    }

    /** The epochs actually trained: all, or fewer when told to stop sooner. */
    public int epochsToRun() {
        return stopAfterEpochs > 0 ? Math.min(stopAfterEpochs, epochs) : epochs;
    }
}
