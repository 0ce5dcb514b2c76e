package io.github.sparklstm.train;

import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;

/** How to train: epochs, minibatch size, update rule, learning-rate schedule, clipping (≤ 0: off), seed. */
public record TrainingSettings(int epochs, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                               double clipNorm, long seed) {

    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule are required");
        }
        if (Double.isNaN(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be a number");
        }
    }
}
