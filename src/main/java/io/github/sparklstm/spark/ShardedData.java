package io.github.sparklstm.spark;

import io.github.sparklstm.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * A data set split into partitions on the executors and cached there as one {@link Shard} of bytes per partition.
 * The examples travel once, in a broadcast; the RDD is built from partition numbers so that no task carries data
 * in its closure, and a lost cached shard is cut again from the broadcast, identically.
 */
final class ShardedData implements AutoCloseable {

    private final Broadcast<LabeledImages> source;
    private final JavaRDD<Shard> shards;
    private final int[] sizes;

    private ShardedData(Broadcast<LabeledImages> source, JavaRDD<Shard> shards, int[] sizes) {
        this.source = source;
        this.shards = shards;
        this.sizes = sizes;
    }

    static ShardedData of(JavaSparkContext sc, LabeledImages all, int partitions, String name) {
        if (partitions > all.size()) {
            throw new IllegalArgumentException(name + ": " + partitions + " partitions for " + all.size()
                    + " examples; use at most one partition per example");
        }
        Broadcast<LabeledImages> source = sc.broadcast(all);
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        JavaRDD<Shard> shards = sc.parallelize(ids, partitions)
                .map(p -> Shard.of(source.value(), p, partitions))
                .setName(name + " shards")
                .persist(StorageLevel.MEMORY_ONLY());
        int[] sizes = new int[partitions];
        for (Shard.Size size : shards.map(s -> new Shard.Size(s.partition(), s.size())).collect()) {
            sizes[size.partition()] = size.examples();
        }
        return new ShardedData(source, shards, sizes);
    }

    JavaRDD<Shard> rdd() {
        return shards;
    }

    int partitions() {
        return sizes.length;
    }

    /** Examples per partition, counted on the executors when the shards were first cached. */
    int[] sizes() {
        return sizes.clone();
    }

    @Override
    public void close() {
        shards.unpersist(false);
        source.destroy();
    }
}
