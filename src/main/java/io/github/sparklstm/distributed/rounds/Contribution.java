package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.train.StepStats;
import java.io.Serializable;

/**
 * What one partition sends back after a round: its replica's parameters and optimizer state (empty when the state
 * is reset every round) after its local steps, what those steps did, and the task's own time around them: from
 * its start to the first step (the broadcasts' values, loading them into the replica) and from the last step to
 * the arrays handed back; and how far its parameters moved from the round's start (the squared distance, for
 * {@link io.github.sparklstm.optim.ReplicaDrift}). Plain arrays: INDArrays do not survive Spark's serializers.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record Contribution(int partition, float[] parameters, float[] optimizerState, StepStats stats, long setupNanos,
                    long packNanos, double squaredMovement)
        implements Serializable {
}
