package io.github.sparklstm.spark;

import io.github.sparklstm.train.StepStats;
import java.io.Serializable;

/**
 * What one partition sends back after a round: its replica's parameters and optimizer state (empty when the state
 * is reset every round) after its local steps, and what those steps did. Plain arrays: INDArrays do not survive
 * Spark's serializers.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
record Contribution(int partition, float[] parameters, float[] optimizerState, StepStats stats)
        implements Serializable {
}
