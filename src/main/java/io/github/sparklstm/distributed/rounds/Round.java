package io.github.sparklstm.distributed.rounds;

import java.io.Serializable;

/**
 * One round as the driver broadcasts it: the parameters (and optimizer state, unless it is reset) to start from,
 * and which minibatches of which epoch every partition trains on, at which global step and learning-rate scale.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record Round(long round, int epoch, int firstBatch, int batches, long globalStep, double learningRateScale,
                 float[] parameters, float[] optimizerState, long optimizerUpdates, int attempt) implements Serializable {
}
