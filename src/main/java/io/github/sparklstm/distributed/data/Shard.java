package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.FeatureStatistics;
import io.github.sparklstm.data.SequenceSet;
import java.io.Serializable;

/** One partition's examples as its executor keeps them: bytes for IDX images, float32 for table rows. */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record Shard(int partition, SequenceSet examples) implements Serializable {

    int size() {
        return examples.size();
    }

    /**
     * What the driver learns of a shard when it is first cached: its size, label counts, input statistics, the
     * lengths of its shortest and longest sequences (0 when empty), and how many of its sequences labelled per step
     * have no labelled step at all.
     */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Summary(int partition, int size, long[] labelCounts, FeatureStatistics statistics, int shortest,
                   int longest, int unlabelled) implements Serializable {
    }
}
