package io.github.sparklstm.distributed.training;

import io.github.sparklstm.train.ModelSelection;
import io.github.sparklstm.train.Position;
import java.util.Map;

/**
 * Everything needed to continue a run exactly where it stopped: its position, parameters, optimizer state and
 * update count, the driver's learning-rate scale (lowered by divergence recovery), the driver's outer-optimizer state
 * by tensor name (none for plain averaging), the partition count and minibatches per partition per epoch (0 in
 * checkpoints from before they were recorded), the run's configuration and the fingerprint of the data it trained on,
 * and where model selection stands (best validation so far, with its parameters when the best is kept). Data order
 * needs no state of its own: it is a function of seed, epoch and partition.
 */
public record Checkpoint(Position position, long optimizerUpdates, double learningRateScale, int partitions,
                         int batchesPerEpoch, float[] parameters, float[] optimizerState,
                         Map<String, float[]> outerState, String config, String dataFingerprint,
                         ModelSelection.State selection) {

    /** Rounds committed when it was written. */
    public long round() {
        return position.round();
    }
}
