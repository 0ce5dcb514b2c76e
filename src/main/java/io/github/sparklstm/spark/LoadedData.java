package io.github.sparklstm.spark;

import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SequenceSet;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training and test sets cached on the executors, with what the driver learned of them: the input format
 * and scaling, the classes, the shard sizes, and how long reading and caching took.
 */
public final class LoadedData implements AutoCloseable {

    private final ShardedData train;
    private final ShardedData test;
    private final ShardedData validation;
    private final SequenceFormat format;
    private final ClassLabels labels;
    private final double loadSeconds;
    /** Kept while the shards are: a lost shard is read again from the files with it. */
    private final Broadcast<HadoopConf> conf;

    LoadedData(ShardedData train, ShardedData test, ShardedData validation, SequenceFormat format, ClassLabels labels,
               double loadSeconds, Broadcast<HadoopConf> conf) {
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.format = format;
        this.labels = labels;
        this.loadSeconds = loadSeconds;
        this.conf = conf;
    }

    ShardedData train() {
        return train;
    }

    ShardedData test() {
        return test;
    }

    /** The validation set (held out of training, or a set of its own), or null. */
    ShardedData validation() {
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

    /** Whether a test set was loaded (an Estimator's fit has none). */
    public boolean hasTest() {
        return test != null;
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
