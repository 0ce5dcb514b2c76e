package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.train.Position;
import java.io.Serializable;

/**
 * One round as the driver broadcasts it: the parameters (and optimizer state, unless it is reset) to start from,
 * and which minibatches of which epoch every partition trains on, at which global step and learning-rate scale.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record Round(Position start, int batches, double learningRateScale, float[] parameters, float[] optimizerState,
                    long optimizerUpdates, int attempt) implements Serializable {

    /** The round's number: one more than the rounds committed before it. */
    public long round() {
        return start.round() + 1;
    }

    public int epoch() {
        return start.epoch();
    }

    /** The epoch's minibatch the round starts at. */
    public int firstBatch() {
        return start.batchInEpoch();
    }

    /** The global step of the round's first minibatch. */
    public long globalStep() {
        return start.step();
    }
}
