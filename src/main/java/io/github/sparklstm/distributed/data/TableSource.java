package io.github.sparklstm.distributed.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A table of sequences (Parquet, ORC, JSON or CSV) read with Spark's own readers. The driver reads the schema and
 * counts rows per file split (from Spark's {@code _metadata} columns, which for Parquet and ORC reads no data);
 * from the counts every split gets the position of its first row, so each executor can tag its rows with their
 * positions while converting them, with no pass of examples through the driver. Counting and reading are two
 * queries: Spark must split the files alike for both, which a split size independent of the cluster's momentary
 * size ensures (the job sets {@code spark.sql.files.minPartitionNum}); a split that reads more rows than counted,
 * or a shard that gets more or fewer, fails the job rather than shifting positions.
 */
final class TableSource implements DataSource {

    private final String described;
    private final Dataset<Row> table;
    private final TableColumns columns;
    private final List<TableRows.Split> splits;
    private final DataFingerprint fingerprint;
    private final int steps;
    private final int features;
    private final DataSettings settings;

    private TableSource(String described, Dataset<Row> table, TableColumns columns, List<TableRows.Split> splits,
                        DataFingerprint fingerprint, int steps, int features, DataSettings settings) {
        this.settings = settings;
        this.described = described;
        this.table = table;
        this.columns = columns;
        this.splits = splits;
        this.fingerprint = fingerprint;
        this.steps = steps;
        this.features = features;
    }

    /**
     * Plans the table at {@code pattern}. {@code shape} is null for the training set (the settings and its first
     * row decide the shape) and the training set's {steps, features} for the test set.
     */
    static TableSource plan(SparkSession spark, DataSettings settings, String pattern, String key, int[] shape)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (HadoopStore.files(pattern, conf).isEmpty()) {
            throw new InvalidDataException(pattern, "no file matches (" + key + ")");
        }
        Dataset<Row> table;
        try {
            table = spark.read().format(settings.format()).options(readerOptions(settings)).load(pattern);
        } catch (Exception e) { // Spark's AnalysisException: no schema to infer, a path it cannot list
            String reason = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
            throw new InvalidDataException(pattern, "cannot be read as " + settings.format() + " (" + reason + ")", e);
        }
        TableColumns columns = TableColumns.resolve(table.schema(), settings, pattern);
        settings.requireLabelKind(columns, pattern, "model.output");
        List<TableRows.Split> splits = new ArrayList<>();
        List<DataFingerprint.FileEntry> files = new ArrayList<>();
        countRows(table, pattern, splits, files);
        int[] planned = shape != null ? shape : shapeOf(table, columns, settings, splits.get(0), pattern);
        return new TableSource(pattern, table, columns, splits, DataFingerprint.ofPaths(files), planned[0],
                planned[1], settings);
    }

    /** Spark's reader options: CSV has a header and numbers by default; the user's options come on top. */
    static Map<String, String> readerOptions(DataSettings settings) {
        Map<String, String> options = new HashMap<>();
        if ("csv".equals(settings.format())) {
            options.put("header", "true");
            options.put("inferSchema", "true");
        }
        options.putAll(settings.readerOptions());
        return options;
    }

    /* Rows per split: one small row per split reaches the driver, with the file's size and modification time. */
    private static void countRows(Dataset<Row> table, String pattern, List<TableRows.Split> splits,
                                  List<DataFingerprint.FileEntry> files) throws InvalidDataException {
        List<Row> counts = table.select(col("_metadata.file_path").as("path"),
                        col("_metadata.file_block_start").as("start"), col("_metadata.file_size").as("size"),
                        col("_metadata.file_modification_time").as("modified"))
                .groupBy("path", "start")
                .agg(org.apache.spark.sql.functions.count(lit(1)).as("rows"), first("size"), first("modified"))
                .orderBy("path", "start")
                .collectAsList();
        long position = 0;
        String file = null;
        long rowInFile = 0;
        for (Row r : counts) {
            String path = r.getString(0);
            if (!path.equals(file)) {
                file = path;
                rowInFile = 0;
                files.add(new DataFingerprint.FileEntry(path, r.getLong(3), r.getTimestamp(4).getTime()));
            }
            long rows = r.getLong(2);
            splits.add(new TableRows.Split(path, r.getLong(1), rows, position, rowInFile));
            position += rows;
            rowInFile += rows;
        }
        if (position == 0) {
            throw new InvalidDataException(pattern, "contains no rows");
        }
    }

    /*
     * The shape of a row of the first file (in practice its first: Spark scans a file's splits in order), unless
     * the settings fix it; every other row must have the same. Only the file is filtered, not the split: a query
     * over fewer files splits them otherwise.
     */
    private static int[] shapeOf(Dataset<Row> table, TableColumns columns, DataSettings settings,
                                 TableRows.Split first, String pattern) throws InvalidDataException {
        List<Row> rows = table.where(col("_metadata.file_path").equalTo(first.path()))
                .select(columns.features()).limit(1).collectAsList();
        if (rows.isEmpty() || rows.get(0).isNullAt(0)) {
            throw new InvalidDataException(first.path(), "row 0: " + columns.featuresName() + " is null");
        }
        List<Object> values = rows.get(0).getList(0);
        if (columns.layout().nested()) {
            if (values.isEmpty() || values.get(0) == null) {
                throw new InvalidDataException(first.path(), "row 0: the sequence has no first step");
            }
            return new int[] {values.size(), ((scala.collection.Seq<?>) values.get(0)).size()};
        }
        return reshape(values.size(), settings.steps(), settings.inputSize(), first.path());
    }

    /* A flat row of {@code length} values as steps x features, from data.steps and/or data.inputSize. */
    static int[] reshape(int length, int steps, int inputSize, String source) throws InvalidDataException {
        if (steps == 0 && inputSize == 0) {
            throw new InvalidDataException(source, "row 0 has " + length + " values in one flat array: set data.steps"
                    + " or data.inputSize to say how they form a sequence (steps x features)");
        }
        int s = steps > 0 ? steps : length / inputSize;
        int f = inputSize > 0 ? inputSize : length / steps;
        if ((long) s * f != length || s == 0 || f == 0) {
            throw new InvalidDataException(source, "row 0 has " + length + " values, which do not form "
                    + (steps > 0 ? steps + " steps" : "") + (steps > 0 && inputSize > 0 ? " x " : "")
                    + (inputSize > 0 ? inputSize + " features" : "") + (steps > 0 && inputSize == 0 ? " of equal size"
                    : steps == 0 ? " per step" : ""));
        }
        return new int[] {s, f};
    }

    int steps() {
        return steps;
    }

    int features() {
        return features;
    }

    @Override
    public List<String> stringLabels(int max) throws InvalidDataException {
        return columns.stringLabels() ? columns.distinctLabels(table, max, described) : List.of();
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public long count() {
        TableRows.Split last = splits.get(splits.size() - 1);
        return last.position() + last.rows();
    }

    @Override
    public ExampleCodec codec() {
        return ExampleCodec.floats(steps, features, columns.stepLabels());
    }

    @Override
    public DataFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public Location where(long position) {
        for (TableRows.Split s : splits) {
            if (position >= s.position() && position < s.position() + s.rows()) {
                return new Location(s.path(), "row " + (s.rowInFile() + position - s.position()));
            }
        }
        return new Location(described, "row " + position);
    }

    @Override
    public JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels,
                                          long limit) {
        List<Column> selected = new ArrayList<>(List.of(col("_metadata.file_path"),
                col("_metadata.file_block_start"), columns.features()));
        selected.addAll(List.of(columns.afterFeatures()));
        var rows = table.select(selected.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
        return rows.mapPartitionsToPair(new TableRows(splits, RowValues.forTraining(columns, steps, features,
                settings), codec(), labels, limit, columns.stringLabels(), columns.length() != null));
    }
}
