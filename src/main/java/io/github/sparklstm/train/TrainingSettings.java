package io.github.sparklstm.train;

import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;

/**
 * How to train in one process: epochs, minibatch size, update rule, learning-rate schedule, clipping (≤ 0: off),
 * seed; {@code selection} says which parameters to keep and when to stop early; an epoch whose mean loss exceeds
 * {@code divergenceLoss} has diverged (a huge learning rate saturates the network with finite losses);
 * {@code carryState}: each minibatch continues the streams of the one before ({@link Replica#setCarryState}).
 */
public record TrainingSettings(Epochs epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                               double clipNorm, long seed, ModelSelection.Settings selection, double divergenceLoss,
                               boolean carryState) {

    public TrainingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (epochs == null || optimizer == null || schedule == null || selection == null) {
            throw new IllegalArgumentException("epochs, optimizer, schedule and selection are required");
        }
        if (Double.isNaN(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be a number");
        }
        if (!(divergenceLoss > 0)) {
            throw new IllegalArgumentException("divergenceLoss must be positive, got " + divergenceLoss);
        }
    }

    /** All {@code epochs}, the last parameters kept. */
    public TrainingSettings(int epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                            double clipNorm, long seed) {
        this(new Epochs(epochs, 0), batchSize, optimizer, schedule, clipNorm, seed, ModelSelection.Settings.keepLast(),
                Double.POSITIVE_INFINITY, false);
    }
}
