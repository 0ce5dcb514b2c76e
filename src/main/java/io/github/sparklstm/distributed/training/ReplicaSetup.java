package io.github.sparklstm.distributed.training;

import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.LearningRateSchedule;
import java.io.Serializable;

/**
 * What every task of a run needs and that never changes during it: model, data view, minibatch size, update rule,
 * learning-rate schedule, clipping and seed. Broadcast once per run; each round only ships its {@link Round}.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
record ReplicaSetup(ModelSpec spec, SequenceFormat format, RunSettings.Steps steps, LearningRateSchedule schedule,
                    boolean averageOptimizerState, FaultInjection faults) implements Serializable {
}
