package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.FeatureStatistics;
import io.github.sparklstm.data.Holdout;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.SequenceSet;
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
 * from the shuffle files or, if those are gone too, from the data files, identically. With a holdout, the held
 * examples go to partitions of their own in the same shuffle, which {@link #held} views.
 */
public final class ShardedData implements AutoCloseable {

    private final JavaRDD<Shard> shards;
    private final List<Shard.Summary> summaries;
    /** What is cached: {@code shards} itself, or the shuffle both it and its held partitions are views of. */
    private final JavaRDD<Shard> cached;
    private final List<Shard.Summary> cachedSummaries;
    private final ByPosition placement;

    private ShardedData(JavaRDD<Shard> shards, List<Shard.Summary> summaries, JavaRDD<Shard> cached,
                        List<Shard.Summary> cachedSummaries, ByPosition placement) {
        this.shards = shards;
        this.summaries = summaries;
        this.cached = cached;
        this.cachedSummaries = cachedSummaries;
        this.placement = placement;
    }

    /**
     * Sorts {@code examples} (positions 0..count-1, encoded examples) into {@code partitions} shards, caches them at
     * {@code level} and summarises them on the executors; {@code statistics}: also the input statistics.
     */
    static ShardedData build(JavaPairRDD<Long, byte[]> examples, long count, ExampleCodec codec, int partitions,
                             String name, StorageLevel level, boolean statistics) {
        return build(examples, count, codec, new ByPosition(partitions, Holdout.none(), 0, 0), name, level,
                statistics);
    }

    /**
     * As {@link #build(JavaPairRDD, long, ExampleCodec, int, String, StorageLevel, boolean)}, placing examples by
     * {@code placement}; the result views its training partitions, {@link #held} the others.
     */
    static ShardedData build(JavaPairRDD<Long, byte[]> examples, long count, ExampleCodec codec, ByPosition placement,
                             String name, StorageLevel level, boolean statistics) {
        JavaRDD<Shard> all = examples
                .repartitionAndSortWithinPartitions(placement)
                .mapPartitionsWithIndex(new Assemble(codec, count, placement), true)
                .setName(name + " shards")
                .persist(level);
        try {
            List<Shard.Summary> summaries = all.map(new Summarize(statistics)).collect().stream()
                    .sorted(Comparator.comparingInt(Shard.Summary::partition)).toList();
            int trained = placement.trained();
            return new ShardedData(placement.held() == 0 ? all : view(all, 0, trained), summaries.subList(0, trained),
                    all, summaries, placement);
        } catch (RuntimeException e) {
            all.unpersist(false); // shards of data that failed their checks must not linger in a long session
            throw e;
        }
    }

    /** The held-out partitions of the same cached shuffle (validation), or null without a holdout. */
    ShardedData held() {
        if (placement.held() == 0) {
            return null;
        }
        int trained = placement.trained();
        return new ShardedData(view(cached, trained, trained + placement.held()),
                cachedSummaries.subList(trained, cachedSummaries.size()), cached, cachedSummaries, placement);
    }

    /* Partitions [from, to) of a cached RDD, as an RDD of their own that reads the same blocks. */
    private static JavaRDD<Shard> view(JavaRDD<Shard> all, int from, int to) {
        return org.apache.spark.rdd.PartitionPruningRDD.create(all.rdd(), new Range(from, to)).toJavaRDD();
    }

    /** Partition indices [from, to): a Scala function Spark keeps in the RDD's lineage, so serializable. */
    static final class Range extends scala.runtime.AbstractFunction1<Object, Object> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Range(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }

    public JavaRDD<Shard> rdd() {
        return shards;
    }

    public int partitions() {
        return summaries.size();
    }

    /** Whether each partition holds consecutive windows of a text (for state carried between them). */
    public boolean contiguous() {
        return placement.contiguous();
    }

    /** The longest sequence of all shards (0 when there are no examples). */
    int longest() {
        return summaries.stream().mapToInt(Shard.Summary::longest).max().orElse(0);
    }

    /** Whether sequences differ in length, within a shard or from one shard to another. */
    boolean variableLength() {
        int shortest = summaries.stream().filter(s -> s.size() > 0).mapToInt(Shard.Summary::shortest).min()
                .orElse(0);
        return shortest != longest();
    }

    /** Examples per partition, counted on the executors when the shards were first cached. */
    public int[] sizes() {
        return summaries.stream().mapToInt(Shard.Summary::size).toArray();
    }

    long examples() {
        long n = 0;
        for (Shard.Summary s : summaries) {
            n += s.size();
        }
        return n;
    }

    /** The sequences labelled per step that have no labelled step: they train nothing. */
    public long unlabelled() {
        long n = 0;
        for (Shard.Summary s : summaries) {
            n += s.unlabelled();
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
        cached.unpersist(false);
    }

    /**
     * Partition = position mod P for training examples, or, with {@code contiguous} = the count of positions, the
     * P-th part of 0..count-1 that holds the position (consecutive windows of a text for state carried between them);
     * held-out ones (by {@code holdout}) go to the H partitions after them, position mod H.
     */
    static final class ByPosition extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int trained;
        private final Holdout holdout;
        private final int held;
        private final long contiguous;

        ByPosition(int trained, Holdout holdout, int held, long contiguous) {
            this.trained = trained;
            this.holdout = holdout;
            this.held = holdout.isNone() ? 0 : held;
            this.contiguous = contiguous;
        }

        int trained() {
            return trained;
        }

        int held() {
            return held;
        }

        boolean contiguous() {
            return contiguous > 0;
        }

        @Override
        public int numPartitions() {
            return trained + held;
        }

        @Override
        public int getPartition(Object key) {
            long position = (Long) key;
            if (held > 0 && holdout.holds(position)) {
                return trained + (int) Math.floorMod(position, (long) held);
            }
            return contiguous > 0 ? (int) Math.min(trained - 1, Math.multiplyExact(position, (long) trained)
                    / contiguous) : (int) Math.floorMod(position, (long) trained);
        }

        /** Examples partition {@code p} gets out of positions 0..count-1; -1 when a holdout makes it unknown. */
        long expected(int partition, long count) {
            if (held > 0) {
                return -1;
            }
            return contiguous > 0 ? partStart(partition + 1, count) - partStart(partition, count)
                    : (count - partition + trained - 1) / trained;
        }

        /* The first position of part p: the least i with floor(i·P / count) >= p. */
        private long partStart(int p, long count) {
            return p >= trained ? count : -Math.floorDiv(-Math.multiplyExact((long) p, count), (long) trained);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByPosition p && p.trained == trained && p.held == held
                    && p.contiguous == contiguous && p.holdout.equals(holdout);
        }

        @Override
        public int hashCode() {
            return 31 * trained + held;
        }
    }

    /* Named function classes rather than lambdas: see JobRounds.Items. */
    static final class Assemble implements Function2<Integer, Iterator<Tuple2<Long, byte[]>>, Iterator<Shard>> {
        private static final long serialVersionUID = 1L;
        private final ExampleCodec codec;
        private final long count;
        private final ByPosition placement;

        Assemble(ExampleCodec codec, long count, ByPosition placement) {
            this.codec = codec;
            this.count = count;
            this.placement = placement;
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
            long expected = placement.expected(partition, count);
            long sized = expected >= 0 ? expected : (count / placement.numPartitions() + 1);
            var set = codec.assemble(examples, (int) Math.min(sized, Integer.MAX_VALUE - 8));
            if (expected >= 0 && set.size() != expected) {
                throw new java.io.UncheckedIOException(new io.github.sparklstm.data.InvalidDataException(
                        "partition " + partition, "received " + set.size() + " examples where the counts promised "
                        + expected + ": the data changed while the job read them"));
            }
            return List.of(new Shard(partition, set)).iterator();
        }
    }

    private static boolean noLabelledStep(SequenceSet set, int example) {
        for (int t = 0; t < set.length(example); t++) {
            if (set.stepLabel(example, t) >= 0) {
                return false;
            }
        }
        return true;
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
            SequenceSet set = shard.examples();
            int shortest = set.size() == 0 ? 0 : Integer.MAX_VALUE;
            int longest = 0;
            int unlabelled = 0;
            for (int e = 0; e < set.size(); e++) {
                int length = set.length(e);
                shortest = Math.min(shortest, length);
                longest = Math.max(longest, length);
                if (set.perStep() && noLabelledStep(set, e)) {
                    unlabelled++;
                }
            }
            return new Shard.Summary(shard.partition(), shard.size(), set.labelCounts(), stats, shortest, longest,
                    unlabelled);
        }
    }
}
