package io.github.sparklstm.distributed.data;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes an IDX data set as tables of sequences with Spark's writer, so a user sees the table format with real
 * data: {@code features} array&lt;array&lt;float&gt;&gt; (steps x features of pixel/255, in the view's order) and
 * {@code label} int. Rows keep their positions: files are ranges of positions in name order (part-00000, ...),
 * rows in position order inside them, so training on the table sees the examples the IDX files give, in the same
 * order.
 */
public final class IdxToTables {

    private IdxToTables() {
    }

    /** What was written: the directory and the rows of one set. */
    public record Written(String location, long rows, int files) {
    }

    /**
     * Writes the training and test sets of {@code settings} under {@code output}/train and /test, both at once: they
     * appear together when complete, or not at all.
     */
    public static List<Written> convert(SparkSession spark, DataSettings settings, String output, String format,
                                        long rowsPerFile, boolean overwrite) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        HadoopStore root = HadoopStore.at(output, conf);
        if (root.exists() && !overwrite) {
            throw new io.github.sparklstm.config.ConfigException("output=" + root.location() + ": exists; set "
                    + "output.overwrite=true to "
                    + "replace it");
        }
        IdxSource train = IdxSource.plan(settings.train(), settings.idxDirectory(), DataSettings.Role.TRAIN,
                settings.view(), settings.permutationSeed(), null, conf);
        IdxSource test = IdxSource.plan(settings.test(), settings.idxDirectory(), DataSettings.Role.TEST,
                settings.view(), settings.permutationSeed(), train.view(), conf);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HadoopConf> shipped = sc.broadcast(new HadoopConf(conf));
        List<Written> written = new ArrayList<>();
        try {
            root.publishDirectory(location -> {
                written.add(write(spark, sc, shipped, train, settings.trainLimit(), location + "/train", format,
                        rowsPerFile));
                written.add(write(spark, sc, shipped, test, settings.testLimit(), location + "/test", format,
                        rowsPerFile));
            }, overwrite);
        } finally {
            shipped.destroy();
        }
        return List.of(new Written(root.location("train"), written.get(0).rows(), written.get(0).files()),
                new Written(root.location("test"), written.get(1).rows(), written.get(1).files()));
    }

    private static Written write(SparkSession spark, JavaSparkContext sc, Broadcast<HadoopConf> conf,
                                 IdxSource source, long limit, String location, String format, long rowsPerFile) {
        long rows = limit > 0 ? Math.min(limit, source.count()) : source.count();
        int files = (int) Math.max(1, Math.min(100_000, (rows + rowsPerFile - 1) / rowsPerFile));
        JavaRDD<Row> table = source.read(sc, conf, LabelRule.open(), rows)
                .repartitionAndSortWithinPartitions(new ByRange(files, rows))
                .map(new ToRow(source.view(), false));
        StructType schema = new StructType().add("features", FEATURES, false).add("label", DataTypes.IntegerType,
                false);
        spark.createDataFrame(table, schema).write().format(format).save(location);
        return new Written(location, rows, files);
    }

    /**
     * IDX images (a path or glob of images files, labels beside) as a table in position order: {@code position}
     * (long), {@code label} (int) and {@code features} (array of steps of float, as {@code view} reads an image).
     */
    public static Dataset<Row> asTable(SparkSession spark, String pattern, ImageView view) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        IdxSource source = IdxSource.plan(pattern, "", DataSettings.Role.TEST, view.name(), view.permutationSeed(),
                view, conf);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long rows = source.count();
        JavaRDD<Row> table = source.read(sc, sc.broadcast(new HadoopConf(conf)), LabelRule.open(), rows)
                .repartitionAndSortWithinPartitions(new ByRange((int) Math.max(1, Math.min(1000, rows / 10_000)),
                        rows))
                .map(new ToRow(view, true));
        return spark.createDataFrame(table, new StructType().add("position", DataTypes.LongType, false)
                .add("label", DataTypes.IntegerType, false).add("features", FEATURES, false));
    }

    private static final org.apache.spark.sql.types.DataType FEATURES =
            DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false);

    /** Contiguous ranges of positions, in order: partition k holds [k·n/files, (k+1)·n/files). */
    static final class ByRange extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int files;
        private final long rows;

        ByRange(int files, long rows) {
            this.files = files;
            this.rows = rows;
        }

        @Override
        public int numPartitions() {
            return files;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.min(files - 1, (long) ((Long) key * (double) files / rows));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByRange r && r.files == files && r.rows == rows;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(rows) * 31 + files;
        }
    }

    /** An encoded image as a row: its raw values step by step, as the view reads them (position first if asked). */
    static final class ToRow implements Function<scala.Tuple2<Long, byte[]>, Row> {
        private static final long serialVersionUID = 1L;
        private final ImageView view;
        private final boolean withPosition;

        ToRow(ImageView view, boolean withPosition) {
            this.view = view;
            this.withPosition = withPosition;
        }

        @Override
        public Row call(scala.Tuple2<Long, byte[]> example) {
            ByteBuffer bytes = ByteBuffer.wrap(example._2());
            int label = bytes.getInt();
            int[] pixelOf = view.pixelOrder();
            // rows-trimmed: the image's rows with ink only (pixels start at byte 4, after the label).
            int[] kept = view.stepsOf(example._2(), 4);
            int first = kept[0] * view.features();
            float[][] steps = new float[kept[1]][view.features()];
            for (int s = 0; s < kept[1]; s++) {
                for (int f = 0; f < view.features(); f++) {
                    steps[s][f] = ImageView.raw(bytes.get(4 + first + pixelOf[s * view.features() + f]) & 0xFF);
                }
            }
            return withPosition ? RowFactory.create(example._1(), label, steps) : RowFactory.create(steps, label);
        }
    }
}
