package io.github.sparklstm.spark;

import io.github.sparklstm.data.FeatureStatistics;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A data set split into partitions on the executors and cached there, one {@link Shard} per partition. Example at
 * position i goes to partition i mod P, and a partition holds its examples in position order, so the shards are a
 * function of the data and P. The redistribution is a shuffle sorted by position: a lost cached shard is rebuilt
 * from the shuffle files or, if those are gone too, from the data files, identically.
 */
final class ShardedData implements AutoCloseable {

    private final JavaRDD<Shard> shards;
    private final List<Shard.Summary> summaries;

    private ShardedData(JavaRDD<Shard> shards, List<Shard.Summary> summaries) {
        this.shards = shards;
        this.summaries = summaries;
    }

    /**
     * Sorts {@code examples} (positions 0..count-1, encoded examples) into {@code partitions} shards, caches them at
     * {@code level} and summarises them on the executors; {@code statistics}: also the input statistics.
     */
    static ShardedData build(JavaPairRDD<Long, byte[]> examples, long count, ExampleCodec codec, int partitions,
                             String name, StorageLevel level, boolean statistics) {
        JavaRDD<Shard> shards = examples
                .repartitionAndSortWithinPartitions(new ByPosition(partitions))
                .mapPartitionsWithIndex(new Assemble(codec, count, partitions), true)
                .setName(name + " shards")
                .persist(level);
        try {
            List<Shard.Summary> summaries = shards.map(new Summarize(statistics)).collect().stream()
                    .sorted(Comparator.comparingInt(Shard.Summary::partition)).toList();
            return new ShardedData(shards, summaries);
        } catch (RuntimeException e) {
            shards.unpersist(false); // shards of data that failed their checks must not linger in a long session
            throw e;
        }
    }

    JavaRDD<Shard> rdd() {
        return shards;
    }

    int partitions() {
        return summaries.size();
    }

    /** Examples per partition, counted on the executors when the shards were first cached. */
    int[] sizes() {
        return summaries.stream().mapToInt(Shard.Summary::size).toArray();
    }

    long examples() {
        long n = 0;
        for (Shard.Summary s : summaries) {
            n += s.size();
        }
        return n;
    }

    /** Examples per class over all partitions, up to the largest class present. */
    long[] labelCounts() {
        long[] total = new long[0];
        for (Shard.Summary s : summaries) {
            if (s.labelCounts().length > total.length) {
                total = java.util.Arrays.copyOf(total, s.labelCounts().length);
            }
            for (int k = 0; k < s.labelCounts().length; k++) {
                total[k] += s.labelCounts()[k];
            }
        }
        return total;
    }

    /** The input statistics of all partitions, merged in partition order (so they are the same every run). */
    FeatureStatistics statistics() {
        FeatureStatistics total = null;
        for (Shard.Summary s : summaries) {
            total = total == null ? new FeatureStatistics(s.statistics().features()).merge(s.statistics())
                    : total.merge(s.statistics());
        }
        return total;
    }

    @Override
    public void close() {
        shards.unpersist(false);
    }

    /** Partition = position mod P. */
    static final class ByPosition extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        ByPosition(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod((Long) key, (long) partitions);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByPosition p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /* Named function classes rather than lambdas: see RoundTask.Function. */
    static final class Assemble implements Function2<Integer, Iterator<Tuple2<Long, byte[]>>, Iterator<Shard>> {
        private static final long serialVersionUID = 1L;
        private final ExampleCodec codec;
        private final long count;
        private final int partitions;

        Assemble(ExampleCodec codec, long count, int partitions) {
            this.codec = codec;
            this.count = count;
            this.partitions = partitions;
        }

        @Override
        public Iterator<Shard> call(Integer partition, Iterator<Tuple2<Long, byte[]>> sorted) {
            Iterator<byte[]> examples = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return sorted.hasNext();
                }

                @Override
                public byte[] next() {
                    return sorted.next()._2();
                }
            };
            long expected = (count - partition + partitions - 1) / partitions; // positions p, p + P, ... below count
            var set = codec.assemble(examples, (int) Math.min(expected, Integer.MAX_VALUE - 8));
            if (set.size() != expected) {
                throw new java.io.UncheckedIOException(new io.github.sparklstm.data.InvalidDataException(
                        "partition " + partition, "received " + set.size() + " examples where the counts promised "
                        + expected + ": the data changed while the job read them"));
            }
            return List.of(new Shard(partition, set)).iterator();
        }
    }

    static final class Summarize implements Function<Shard, Shard.Summary> {
        private static final long serialVersionUID = 1L;
        private final boolean statistics;

        Summarize(boolean statistics) {
            this.statistics = statistics;
        }

        @Override
        public Shard.Summary call(Shard shard) {
            FeatureStatistics stats = new FeatureStatistics(shard.examples().features());
            if (statistics) {
                shard.examples().addTo(stats);
            }
            return new Shard.Summary(shard.partition(), shard.size(), shard.examples().labelCounts(), stats);
        }
    }
}
