package io.github.sparklstm.spark;

import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.store.DataFingerprint;
import java.io.IOException;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The training and test sets as planned on the driver from metadata alone (file listings, headers, schemas, row
 * counts): how many examples, of which shape, in which files. {@link #load} then has the executors read, check
 * and cache them, and compute what the driver needs (sizes, classes, input statistics).
 */
public final class DataPlan {

    private final SparkSession spark;
    private final DataSettings settings;
    private final DataSource train;
    private final DataSource test;

    private DataPlan(SparkSession spark, DataSettings settings, DataSource train, DataSource test) {
        this.spark = spark;
        this.settings = settings;
        this.train = train;
        this.test = test;
    }

    /** Plans both sets; a missing file, a bad header or schema is an InvalidDataException naming it. */
    public static DataPlan of(SparkSession spark, DataSettings settings) throws IOException {
        var conf = spark.sparkContext().hadoopConfiguration();
        if (settings.isIdx()) {
            IdxSource train = IdxSource.plan(settings.train(), settings.idxDirectory(), DataSettings.Role.TRAIN,
                    settings.view(), settings.permutationSeed(), null, conf);
            IdxSource test = IdxSource.plan(settings.test(), settings.idxDirectory(), DataSettings.Role.TEST,
                    settings.view(), settings.permutationSeed(), train.view(), conf);
            return new DataPlan(spark, settings, train, test);
        }
        TableSource train = TableSource.plan(spark, settings, settings.train(), "data.train", null);
        TableSource test = TableSource.plan(spark, settings, settings.test(), "data.test",
                new int[] {train.steps(), train.features()});
        return new DataPlan(spark, settings, train, test);
    }

    /**
     * Plans a training set given as a DataFrame (an Estimator's fit), with no test set; {@code described} names it
     * in messages.
     */
    public static DataPlan ofFrame(SparkSession spark, DataSettings settings, Dataset<Row> frame, String described)
            throws IOException {
        return new DataPlan(spark, settings, FrameSource.plan(frame, settings, described), null);
    }

    /** Plans only the test set, for a model that fixes the input format (evaluation of a saved model). */
    public static DataPlan ofTest(SparkSession spark, DataSettings settings, SequenceFormat format)
            throws IOException {
        var conf = spark.sparkContext().hadoopConfiguration();
        DataSource test;
        if (settings.isIdx()) {
            if (!format.isImage()) {
                throw new InvalidDataException(settings.test().isEmpty() ? settings.idxDirectory() : settings.test(),
                        "the model was trained on a table, not on IDX images: set data.format");
            }
            test = IdxSource.plan(settings.test(), settings.idxDirectory(), DataSettings.Role.TEST,
                    format.image().name(), format.image().permutationSeed(), format.image(), conf);
        } else {
            test = TableSource.plan(spark, settings, settings.test(), "data.test",
                    new int[] {format.steps(), format.features()});
        }
        return new DataPlan(spark, settings, null, test);
    }

    /** Training examples the run will use (after data.trainLimit). */
    public long trainCount() {
        return limited(train.count(), settings.trainLimit());
    }

    public long testCount() {
        return test == null ? 0 : limited(test.count(), settings.testLimit());
    }

    public String describeTrain() {
        return train.describe();
    }

    public String describeTest() {
        return test == null ? "" : test.describe();
    }

    public DataFingerprint trainFingerprint() {
        return train.fingerprint();
    }

    public DataFingerprint testFingerprint() {
        return test == null ? new DataFingerprint(List.of()) : test.fingerprint();
    }

    private static long limited(long count, long limit) {
        return limit > 0 ? Math.min(count, limit) : count;
    }

    /**
     * Reads, checks and caches the training set in {@code partitions} shards and the test set (if planned) in as
     * many (or one per example if fewer); the classes come from the data unless data settings fix them.
     */
    public LoadedData load(int partitions) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        StorageLevel level = StorageLevel.fromString(settings.storageLevel());
        int fixed = settings.classes();
        List<String> names = train.stringLabels(fixed > 0 ? fixed : ClassLabels.MAX);
        LabelRule trainRule = !names.isEmpty() ? LabelRule.strings(names, "the training data")
                : fixed > 0 ? LabelRule.below(fixed, "model.classes=" + fixed) : LabelRule.open();
        ShardedData trainShards = ShardedData.build(train.read(sc, conf, trainRule, limit(settings.trainLimit())),
                trainCount(), train.codec(), partitions, "train", level, !"none".equals(settings.normalize()));
        ShardedData testShards = null;
        try {
            ClassLabels labels = classes(names, fixed, trainShards.labelCounts());
            LabelRule testRule = labels.areStrings() ? trainRule : LabelRule.below(labels.count(), fixed > 0
                    ? "model.classes=" + fixed : "the " + labels.count() + " classes of the training data");
            if (test != null) {
                testShards = ShardedData.build(test.read(sc, conf, testRule, limit(settings.testLimit())),
                        testCount(), test.codec(), (int) Math.min(partitions, testCount()), "test", level, false);
            }
            SequenceFormat format = format(train.codec(), scaling(trainShards));
            return new LoadedData(trainShards, testShards, format, labels, (System.nanoTime() - start) / 1e9, conf);
        } catch (IOException | RuntimeException e) {
            trainShards.close();
            if (testShards != null) {
                testShards.close();
            }
            conf.destroy();
            throw e;
        }
    }

    /** Reads, checks and caches only the test set, labelled as the model's {@code labels}. */
    public LoadedData loadTest(int partitions, SequenceFormat format, ClassLabels labels) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        LabelRule rule = labels.areStrings() ? LabelRule.strings(labels.names(), "the model's classes")
                : LabelRule.below(labels.count(), "the model's " + labels.count() + " classes");
        ShardedData testShards = ShardedData.build(test.read(sc, conf, rule, limit(settings.testLimit())),
                testCount(), test.codec(), (int) Math.max(1, Math.min(partitions, testCount())), "test",
                StorageLevel.fromString(settings.storageLevel()), false);
        return new LoadedData(null, testShards, format, labels, (System.nanoTime() - start) / 1e9, conf);
    }

    private static long limit(long setting) {
        return setting > 0 ? setting : Long.MAX_VALUE;
    }

    private ClassLabels classes(List<String> names, int fixed, long[] counts) throws InvalidDataException {
        if (!names.isEmpty()) {
            if (names.size() < 2) {
                throw new InvalidDataException(train.describe(), "has only one label (\"" + names.get(0)
                        + "\"); a classifier needs at least two classes");
            }
            return ClassLabels.strings(names);
        }
        if (fixed > 0) {
            return ClassLabels.integers(fixed);
        }
        if (counts.length < 2) {
            throw new InvalidDataException(train.describe(), "has only label 0; a classifier needs at least two "
                    + "classes (set model.classes if the data lack some)");
        }
        return ClassLabels.integers(counts.length);
    }

    private InputScaling scaling(ShardedData shards) {
        return switch (settings.normalize()) {
            case "standardize" -> shards.statistics().pooled();
            case "standardize-features" -> shards.statistics().perFeature();
            default -> InputScaling.identity(train.codec().features());
        };
    }

    private static SequenceFormat format(ExampleCodec codec, InputScaling scaling) {
        ImageView view = codec.view();
        return view != null ? SequenceFormat.ofImages(view, scaling)
                : SequenceFormat.ofTables(codec.steps(), codec.features(), scaling);
    }
}
