package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.storage.DataFingerprint;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * A DataFrame of sequences (what an Estimator is fit on; messages name its columns by the ML params'
 * names): the executors count the rows of each of its
 * partitions, which gives every row its position (partitions in order, rows in partition order), then read and
 * check them like table rows. The DataFrame's plan must be deterministic, as Spark's own ML readers assume.
 */
final class FrameSource implements DataSource {

    private final String described;
    private final Dataset<Row> frame;
    private final TableColumns columns;
    private final JavaRDD<InternalRow> rows;
    private final long[] offsets;
    private final DataFingerprint fingerprint;
    private final int steps;
    private final int features;
    private final DataSettings settings;

    private FrameSource(String described, Dataset<Row> frame, TableColumns columns, JavaRDD<InternalRow> rows,
                        long[] offsets, DataFingerprint fingerprint, int steps, int features, DataSettings settings) {
        this.settings = settings;
        this.described = described;
        this.frame = frame;
        this.columns = columns;
        this.rows = rows;
        this.offsets = offsets;
        this.fingerprint = fingerprint;
        this.steps = steps;
        this.features = features;
    }

    static FrameSource plan(Dataset<Row> frame, DataSettings settings, String described)
            throws InvalidDataException {
        TableColumns columns = TableColumns.resolve(frame.schema(), settings.featuresCol(), settings.labelCol(), true,
                TableColumns.PARAM_NAMES, described).withLength(frame.schema(), settings.lengthCol(), "lengthCol",
                described);
        settings.requireLabelKind(columns, described, "output");
        List<org.apache.spark.sql.Column> selected = new java.util.ArrayList<>(List.of(columns.features()));
        selected.addAll(List.of(columns.afterFeatures()));
        JavaRDD<InternalRow> rows = frame.select(selected.toArray(org.apache.spark.sql.Column[]::new))
                .queryExecution().toRdd().toJavaRDD();
        List<long[]> firsts = rows.mapPartitionsWithIndex(new CountAndShape(columns.layout().nested()), true)
                .collect();
        long[] offsets = new long[rows.getNumPartitions() + 1];
        int[] shape = null;
        List<DataFingerprint.FileEntry> parts = new java.util.ArrayList<>();
        for (long[] part : firsts) {
            offsets[(int) part[0] + 1] = part[1];
            if (shape == null && part[1] > 0) {
                shape = new int[] {(int) part[2], (int) part[3]};
            }
            parts.add(new DataFingerprint.FileEntry(String.format("partition-%05d", part[0]), part[1], part[4]));
        }
        for (int p = 1; p < offsets.length; p++) {
            offsets[p] += offsets[p - 1];
        }
        if (shape == null) {
            throw new InvalidDataException(described, "has no rows");
        }
        if (shape[0] < 0) {
            throw new InvalidDataException(described, "row 0: " + columns.featuresName() + " is null");
        }
        if (columns.layout().nested() && (shape[0] == 0 || shape[1] <= 0)) {
            throw new InvalidDataException(described, "row 0: " + columns.featuresName() + (shape[0] == 0
                    ? " has no steps" : " step 0 is null or empty"));
        }
        int[] planned = columns.layout().nested() ? shape
                : TableSource.reshape(shape[0], settings.steps(), settings.inputSize(), described);
        return new FrameSource(described, frame, columns, rows, offsets, new DataFingerprint(parts), planned[0],
                planned[1], settings);
    }

    @Override
    public Location where(long position) {
        return new Location(described, "row " + position);
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public long count() {
        return offsets[offsets.length - 1];
    }

    @Override
    public ExampleCodec codec() {
        return ExampleCodec.floats(steps, features, columns.stepLabels());
    }

    /** Rows and a hash of their bytes per partition: what identifies a DataFrame's content without files. */
    @Override
    public DataFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public List<String> stringLabels(int max) throws InvalidDataException {
        return columns.stringLabels() ? columns.distinctLabels(frame, max, described) : List.of();
    }

    @Override
    public JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels,
                                          long limit) {
        RowValues values = RowValues.forTraining(columns, steps, features, settings);
        return JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(new Convert(offsets, values, codec(), labels,
                limit, columns.stringLabels(), described, columns.length() != null), true));
    }

    /**
     * Per partition: its index, its row count, the shape of its first row ({steps, features}, {length, 0}, or -1 for
     * null features; a null first step counts as 0 features) and the sum of its rows' hashes.
     */
    static final class CountAndShape implements Function2<Integer, Iterator<InternalRow>, Iterator<long[]>> {
        private static final long serialVersionUID = 1L;
        private final boolean nested;

        CountAndShape(boolean nested) {
            this.nested = nested;
        }

        @Override
        public Iterator<long[]> call(Integer partition, Iterator<InternalRow> rows) {
            long n = 0;
            long first = 0;
            long second = 0;
            long hash = 0;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                hash = 31 * hash + row.hashCode();
                if (n++ == 0) {
                    if (row.isNullAt(0)) {
                        first = -1;
                    } else {
                        var array = row.getArray(0);
                        first = array.numElements();
                        second = nested && first > 0 && !array.isNullAt(0) ? array.getArray(0).numElements() : 0;
                    }
                }
            }
            return List.of(new long[] {partition, n, first, second, hash}).iterator();
        }
    }

    /** The executor side: a partition's rows as (position, encoded example). */
    static final class Convert implements Function2<Integer, Iterator<InternalRow>, Iterator<Tuple2<Long, byte[]>>> {
        private static final long serialVersionUID = 1L;
        private final long[] offsets;
        private final RowValues values;
        private final ExampleCodec codec;
        private final LabelRule labels;
        private final long limit;
        private final boolean stringLabels;
        private final String described;
        private final boolean withLength;

        Convert(long[] offsets, RowValues values, ExampleCodec codec, LabelRule labels, long limit,
                boolean stringLabels, String described, boolean withLength) {
            this.withLength = withLength;
            this.offsets = offsets;
            this.values = values;
            this.codec = codec;
            this.labels = labels;
            this.limit = limit;
            this.stringLabels = stringLabels;
            this.described = described;
        }

        @Override
        public Iterator<Tuple2<Long, byte[]>> call(Integer partition, Iterator<InternalRow> rows) {
            long start = offsets[partition];
            long end = Math.min(offsets[partition + 1], limit);
            return new Iterator<>() {
                long position = start;

                @Override
                public boolean hasNext() {
                    return position < end && rows.hasNext();
                }

                @Override
                public Tuple2<Long, byte[]> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    InternalRow row = rows.next();
                    long at = position++;
                    try {
                        return new Tuple2<>(at, TableRows.encode(row, 0, values, codec, labels, stringLabels,
                                withLength));
                    } catch (IllegalArgumentException e) {
                        throw new UncheckedIOException(new InvalidDataException(described, "row " + at + ": "
                                + e.getMessage()));
                    }
                }
            };
        }
    }
}
