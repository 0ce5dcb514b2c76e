package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.storage.DataFingerprint;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One data set (training or test) as the driver plans it and the executors read it. Planning touches only
 * metadata (file listings, IDX headers, table schemas and row counts); reading happens in tasks, which tag every
 * example with its position (files in name order, rows in file order) so that where it goes and in which order it
 * is trained on depend on the data alone.
 */
interface DataSource {

    /** The path or glob as given, for messages. */
    String describe();

    /** Examples in the set. */
    long count();

    /** How examples are encoded on their way to the shards, and their shape. */
    ExampleCodec codec();

    /** Names, sizes and modification times of the files. */
    DataFingerprint fingerprint();

    /** The distinct labels, sorted, when the labels are strings (a distributed pass); empty for numbers. */
    default List<String> stringLabels(int max) throws InvalidDataException {
        return List.of();
    }

    /** Where an example is, for messages: its file (or stream) and the record or row in it. */
    record Location(String file, String place) {
    }

    /** Where the example at {@code position} is. */
    Location where(long position);

    /**
     * Reads the first {@code limit} examples on the executors: (position, encoded example). Labels become class
     * numbers by {@code labels}; a label it refuses, or a malformed example, fails the task with an
     * {@link io.github.sparklstm.data.InvalidDataException} naming the file and the row.
     */
    JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels, long limit);
}
