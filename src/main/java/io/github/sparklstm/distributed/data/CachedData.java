package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SequenceSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training and test sets cached on the executors, with what the driver learned of them: the input format
 * and scaling, the classes, the shard sizes, and how long reading and caching took.
 */
public final class CachedData implements AutoCloseable {

    private final ShardedData train;
    private final ShardedData test;
    private final ShardedData validation;
    private final SequenceFormat format;
    private final ClassLabels labels;
    private final double loadSeconds;
    /** Kept while the shards are: a lost shard is read again from the files with it. */
    private final Broadcast<HadoopConf> conf;

    CachedData(ShardedData train, ShardedData test, ShardedData validation, SequenceFormat format, ClassLabels labels,
               double loadSeconds, Broadcast<HadoopConf> conf) {
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.format = format;
        this.labels = labels;
        this.loadSeconds = loadSeconds;
        this.conf = conf;
    }

    public ShardedData train() {
        return train;
    }

    public ShardedData test() {
        return test;
    }

    /** The validation set (held out of training, or a set of its own), or null. */
    public ShardedData validation() {
        return validation;
    }

    public boolean hasValidation() {
        return validation != null;
    }

    /** Examples in the training and the validation set. */
    public long trainExamples() {
        return train.examples();
    }

    public long validationExamples() {
        return validation == null ? 0 : validation.examples();
    }

    public SequenceFormat format() {
        return format;
    }

    public ClassLabels labels() {
        return labels;
    }

    /** Seconds from the first read to every shard cached and summarised. */
    public double loadSeconds() {
        return loadSeconds;
    }

    /**
     * The whole training set on the driver: only for a one-partition load by the single-process trainer, which
     * by design trains in one JVM.
     */
    public SequenceSet collectTrain() {
        return only(train);
    }

    /** The whole validation set on the driver (single process), or null. */
    public SequenceSet collectValidation() {
        return validation == null ? null : only(validation);
    }

    /**
     * A one-partition RDD holding the training, test and validation sets (the last null when there is none), read
     * from their cached shards on an executor: what a single-process trial running in a Spark task trains on.
     * Only for a one-partition load.
     */
    public JavaRDD<SequenceSet[]> together() {
        for (ShardedData data : new ShardedData[] {train, test, validation}) {
            if (data != null && data.partitions() != 1) {
                throw new IllegalStateException("together() needs a one-partition load, not " + data.partitions());
            }
        }
        JavaRDD<Shard> none = train.rdd().map(new Nothing());
        return train.rdd().zipPartitions(test.rdd(), new Pair())
                .zipPartitions(validation == null ? none : validation.rdd(), new Triple());
    }

    /* A stand-in for a missing validation set, so the RDDs zip. */
    static final class Nothing implements org.apache.spark.api.java.function.Function<Shard, Shard> {
        private static final long serialVersionUID = 1L;

        @Override
        public Shard call(Shard shard) {
            return null;
        }
    }

    static final class Pair implements FlatMapFunction2<Iterator<Shard>, Iterator<Shard>, Shard[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Shard[]> call(Iterator<Shard> train, Iterator<Shard> test) {
            return List.<Shard[]>of(new Shard[] {train.next(), test.next()}).iterator();
        }
    }

    static final class Triple implements FlatMapFunction2<Iterator<Shard[]>, Iterator<Shard>, SequenceSet[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<SequenceSet[]> call(Iterator<Shard[]> pair, Iterator<Shard> validation) {
            Shard[] both = pair.next();
            Shard held = validation.hasNext() ? validation.next() : null;
            return List.<SequenceSet[]>of(new SequenceSet[] {both[0].examples(), both[1].examples(),
                held == null ? null : held.examples()}).iterator();
        }
    }

    /** The whole test set on the driver, likewise. */
    public SequenceSet collectTest() {
        return only(test);
    }

    private static SequenceSet only(ShardedData data) {
        if (data.partitions() != 1) {
            throw new IllegalStateException("collect a one-partition data set only, not " + data.partitions());
        }
        return data.rdd().first().examples();
    }

    @Override
    public void close() {
        if (train != null) {
            train.close();
        }
        if (test != null) {
            test.close();
        }
        if (validation != null) {
            validation.close();
        }
        conf.destroy();
    }
}
