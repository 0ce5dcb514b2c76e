package io.github.sparklstm.distributed.data;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.Holdout;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SeriesWindows;
import io.github.sparklstm.storage.DataFingerprint;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
public final class DataCatalog {

    private final SparkSession spark;
    private final DataSettings settings;
    private final DataSource train;
    private final DataSource test;
    /** A validation set of its own (data.validation), or null: none, or held out of the training set. */
    private final DataSource validation;
    /** A forecasting table's series as counted (null for other data). */
    private final SeriesCounts series;

    private DataCatalog(SparkSession spark, DataSettings settings, DataSource train, DataSource test,
                     DataSource validation) {
        this(spark, settings, train, test, validation, null);
    }

    private DataCatalog(SparkSession spark, DataSettings settings, DataSource train, DataSource test,
                        DataSource validation, SeriesCounts series) {
        this.spark = spark;
        this.settings = settings;
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.series = series;
    }

    /** A forecasting table's series: how many give windows, how many were too short; null for other data. */
    public SeriesCounts seriesCounts() {
        return series;
    }

    /** Plans both sets; a missing file, a bad header or schema is an InvalidDataException naming it. */
    public static DataCatalog of(SparkSession spark, DataSettings settings) throws IOException {
        String described = settings.isIdx() && settings.train().isEmpty() ? settings.idxDirectory()
                : settings.train();
        return reading(described, () -> plan(spark, settings));
    }

    private static DataCatalog plan(SparkSession spark, DataSettings settings) throws IOException {
        var conf = spark.sparkContext().hadoopConfiguration();
        if (settings.isIdx()) {
            IdxSource train = IdxSource.plan(settings.train(), settings.idxDirectory(), DataSettings.Role.TRAIN,
                    settings.view(), settings.permutationSeed(), null, conf);
            IdxSource test = IdxSource.plan(settings.test(), settings.idxDirectory(), DataSettings.Role.TEST,
                    settings.view(), settings.permutationSeed(), train.view(), conf);
            IdxSource validation = settings.validation().isEmpty() ? null : IdxSource.plan(settings.validation(),
                    settings.idxDirectory(), DataSettings.Role.VALIDATION, settings.view(), settings.permutationSeed(),
                    train.view(), conf);
            return new DataCatalog(spark, settings, train, test, validation);
        }
        if (settings.isForecast()) {
            // Buckets of series: as many as the cluster runs tasks at once when planning; a resumed run on another
            // cluster groups the same table otherwise, which moves windows between partitions but changes none.
            int buckets = spark.sparkContext().defaultParallelism();
            SeriesSource.Plan series = SeriesSource.plan(spark, settings, settings.train(), buckets);
            return new DataCatalog(spark, settings, series.part(SeriesWindows.Part.TRAIN),
                    series.part(SeriesWindows.Part.TEST), settings.forecast().windows().validationSteps() > 0
                    ? series.part(SeriesWindows.Part.VALIDATION) : null, series.counts());
        }
        if (settings.isText()) {
            var sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
            DataSettings.Text text = settings.text();
            TextSource train = TextSource.plan(sc, text, settings.train(), "data.train", true, false);
            TextSource test = settings.test().isEmpty()
                    ? TextSource.plan(sc, text, settings.train(), "data.train", false, false)
                    : TextSource.plan(sc, text, settings.test(), "data.test", false, true);
            TextSource validation = settings.validation().isEmpty() ? null
                    : TextSource.plan(sc, text, settings.validation(), "data.validation", false, true);
            return new DataCatalog(spark, settings, train, test, validation);
        }
        TableSource train = TableSource.plan(spark, settings, settings.train(), "data.train", null);
        int[] shape = {train.steps(), train.features()};
        TableSource test = TableSource.plan(spark, settings, settings.test(), "data.test", shape);
        TableSource validation = settings.validation().isEmpty() ? null
                : TableSource.plan(spark, settings, settings.validation(), "data.validation", shape);
        return new DataCatalog(spark, settings, train, test, validation);
    }

    /**
     * Plans a training set given as a DataFrame (an Estimator's fit), with no test set; {@code described} names it
     * in messages.
     */
    public static DataCatalog ofFrame(SparkSession spark, DataSettings settings, Dataset<Row> frame, String described)
            throws IOException {
        return new DataCatalog(spark, settings, reading(described, () -> FrameSource.plan(frame, settings, described)),
                null, null);
    }

    /** Plans only the test set, for a model that fixes the input format (evaluation of a saved model). */
    public static DataCatalog ofTest(SparkSession spark, DataSettings settings, SequenceFormat format)
            throws IOException {
        return reading(settings.test().isEmpty() ? settings.idxDirectory() : settings.test(),
                () -> planTest(spark, settings, format));
    }

    /* A text model is evaluated in windows of its own length and unit, whatever data.text.* say. */
    private static DataSettings.Text modelWindows(DataSettings.Text text, SequenceFormat format) {
        return new DataSettings.Text(format.text(), format.steps(), text.minCount(), text.maxVocabulary(), 0,
                false);
    }

    private static DataCatalog planTest(SparkSession spark, DataSettings settings, SequenceFormat format)
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
        } else if (settings.isText()) {
            if (!format.isText()) {
                throw new InvalidDataException(settings.test(), "the model was not trained on text: set data.format");
            }
            test = TextSource.plan(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    modelWindows(settings.text(), format), settings.test(), "data.test", false, true);
        } else {
            test = TableSource.plan(spark, settings, settings.test(), "data.test",
                    new int[] {format.steps(), format.features()});
        }
        return new DataCatalog(spark, settings, null, test, null);
    }

    /** Training examples the run will use (after data.trainLimit). */
    public long trainCount() {
        return limited(train.count(), settings.trainLimit());
    }

    /**
     * Time steps and features per training sequence, and bytes per value in the cached shards (1: IDX pixels,
     * 4: floats), from the planning alone.
     */
    public int[] shape() {
        ExampleCodec codec = train.codec();
        return new int[] {codec.steps(), codec.features(), codec.isImage() ? 1 : 4};
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

    /** The fingerprint of a validation set of its own (data.validation); empty when there is none. */
    public DataFingerprint validationFingerprint() {
        return validation == null ? new DataFingerprint(List.of()) : validation.fingerprint();
    }

    /** The training, test and validation sets' fingerprints as a checkpoint and a run record store them. */
    public String fingerprint() {
        Map<String, DataFingerprint> named = new java.util.LinkedHashMap<>();
        named.put("train", trainFingerprint());
        named.put("test", testFingerprint());
        if (!validationFingerprint().files().isEmpty()) {
            named.put("validation", validationFingerprint());
        }
        return DataFingerprint.combine(named);
    }

    private static long limited(long count, long limit) {
        return limit > 0 ? Math.min(count, limit) : count;
    }

    /**
     * Reads, checks and caches the training set in {@code partitions} shards and the test set (if planned) in as
     * many (or one per example if fewer); the classes come from the data unless data settings fix them.
     */
    public CachedData load(int partitions) throws IOException {
        long start = System.nanoTime();
        checkShardSize(partitions);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        StorageLevel level = StorageLevel.fromString(settings.storageLevel());
        ShardedData trainShards = null;
        ShardedData testShards = null;
        ShardedData validationShards = null;
        try {
            int fixed = settings.classes();
            List<String> names = reading(train.describe(), () -> train.stringLabels(ClassLabels.MAX));
            LabelRule trainRule = !names.isEmpty() ? LabelRule.strings(names, "the training data")
                    : fixed > 0 ? LabelRule.below(fixed, "model.classes=" + fixed) : LabelRule.open();
            Holdout holdout = settings.holdout();
            long held = Math.max(1, Math.min(partitions, (long) Math.ceil(holdout.fraction() * trainCount())));
            ShardedData.ByPosition placement = new ShardedData.ByPosition(partitions, holdout, (int) held,
                    settings.isText() && settings.text().contiguous() ? trainCount() : 0);
            trainShards = reading(train.describe(), () -> ShardedData.build(train.read(sc, conf, trainRule,
                    limit(settings.trainLimit())), trainCount(), train.codec(), placement, "train", level,
                    !"none".equals(settings.normalize())));
            ShardedData heldShards = trainShards.held();
            if (heldShards != null && trainShards.examples() + heldShards.examples() != trainCount()) {
                throw new InvalidDataException(train.describe(), "gave " + (trainShards.examples()
                        + heldShards.examples()) + " examples where the counts promised " + trainCount()
                        + ": the data changed while the job read them");
            }
            if (heldShards != null && (heldShards.examples() == 0 || trainShards.examples() < partitions)) {
                throw new io.github.sparklstm.config.ConfigException("data.validationFraction="
                        + holdout.fraction() + ": leaves " + heldShards.examples() + " validation and "
                        + trainShards.examples() + " training examples for " + partitions + " workers");
            }
            long[] counts = heldShards == null ? trainShards.labelCounts()
                    : union(trainShards.labelCounts(), heldShards.labelCounts());
            if (names.isEmpty() && fixed == 0 && !settings.isForecast()) {
                requireEveryClass(counts, sc, conf);
            }
            // A forecaster has no classes: its windows carry real targets.
            ClassLabels labels = settings.isForecast() ? null : classes(names, fixed, counts);
            LabelRule testRule = labels == null ? LabelRule.open() : labels.areStrings() ? trainRule
                    : LabelRule.below(labels.count(), fixed > 0 ? "model.classes=" + fixed : "the " + labels.count()
                    + " classes of the training data");
            if (test != null) {
                int testParts = (int) Math.min(partitions, testCount());
                ShardedData.ByPosition testPlacement = new ShardedData.ByPosition(testParts, Holdout.none(), 0,
                        settings.isText() && settings.text().contiguous() ? testCount() : 0);
                testShards = reading(test.describe(), () -> ShardedData.build(test.read(sc, conf, testRule,
                        limit(settings.testLimit())), testCount(), test.codec(), testPlacement, "test", level, false));
            }
            validationShards = heldShards;
            if (validation != null) {
                long count = validation.count();
                validationShards = reading(validation.describe(), () -> ShardedData.build(validation.read(sc, conf,
                        testRule, Long.MAX_VALUE), count, validation.codec(), (int) Math.min(partitions, count),
                        "validation", level, false));
            }
            // A forecaster's windows come standardised; with global scaling the model keeps the pooled statistics
            // for its forecasts of new data.
            InputScaling scaling = train instanceof SeriesSource series && series.globalScaling() != null
                    ? series.globalScaling() : scaling(trainShards);
            SequenceFormat format = format(train.codec(), scaling, trainShards, testShards, validationShards);
            if (settings.isText()) {
                format = SequenceFormat.ofText(format.steps(), settings.text().unit());
            }
            return new CachedData(trainShards, testShards, validationShards, format, labels,
                    (System.nanoTime() - start) / 1e9, conf);
        } catch (IOException | RuntimeException e) {
            for (ShardedData shards : new ShardedData[] {trainShards, testShards, validationShards}) {
                if (shards != null) {
                    shards.close();
                }
            }
            conf.destroy();
            throw e;
        }
    }

    /** Reads, checks and caches only the test set, labelled as the model's {@code labels}. */
    public CachedData loadTest(int partitions, SequenceFormat format, ClassLabels labels) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        LabelRule rule = labels.areStrings() ? LabelRule.strings(labels.names(), "the model's classes")
                : LabelRule.below(labels.count(), "the model's " + labels.count() + " classes");
        try {
            ShardedData testShards = reading(test.describe(), () -> ShardedData.build(test.read(sc, conf, rule,
                    limit(settings.testLimit())), testCount(), test.codec(), (int) Math.max(1, Math.min(partitions,
                    testCount())), "test", StorageLevel.fromString(settings.storageLevel()), false));
            return new CachedData(null, testShards, null, format, labels, (System.nanoTime() - start) / 1e9, conf);
        } catch (IOException | RuntimeException e) {
            conf.destroy();
            throw e;
        }
    }

    /** Something that reads the data. */
    @FunctionalInterface
    interface Reading<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code reading}; a failure that is not already ours (a corrupt file Spark's reader refused, a file the
     * executors cannot open) becomes an InvalidDataException naming {@code source}, so it reads as bad input.
     */
    static <T> T reading(String source, Reading<T> reading) throws IOException {
        try {
            return reading.run();
        } catch (InvalidDataException | io.github.sparklstm.config.ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // Spark's readers and Hadoop's paths refuse the settings' values this way (a bad data.option.*, a
            // malformed path): a configuration error, named with what was being read.
            throw new io.github.sparklstm.config.ConfigException(source + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidDataException) {
                    throw e;
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
            throw new InvalidDataException(source, "cannot be read (" + root.getClass().getSimpleName() + ": "
                    + message + ")", e);
        }
    }

    /* One shard is one array: refuse partitions that could not hold their share, before reading anything. */
    private void checkShardSize(int partitions) {
        long perShard = (trainCount() + partitions - 1) / partitions;
        long values = perShard * train.codec().valuesPerExample();
        if (values > Integer.MAX_VALUE - 8) {
            long needed = (trainCount() * train.codec().valuesPerExample() + Integer.MAX_VALUE - 9)
                    / (Integer.MAX_VALUE - 8);
            throw new io.github.sparklstm.config.ConfigException("train.workers=" + partitions + ": a partition "
                    + "would hold " + perShard + " sequences of " + train.codec().valuesPerExample() + " values, more "
                    + "than one array holds; use at least " + needed + " workers");
        }
    }

    private static long[] union(long[] a, long[] b) {
        long[] total = java.util.Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int k = 0; k < b.length; k++) {
            total[k] += b[k];
        }
        return total;
    }

    private static long limit(long setting) {
        return setting > 0 ? setting : Long.MAX_VALUE;
    }

    /**
     * With the classes counted from integer labels, 0..C-1 must each have a training example: a class without one
     * is most often a corrupt label (a 12 among digits), which would train silently into a model of 13 classes.
     * The message names the empty classes, the largest label and where it first occurs (a pass over the data on
     * this error's path only), and model.classes, which allows empty classes on purpose.
     */
    private void requireEveryClass(long[] counts, JavaSparkContext sc, Broadcast<HadoopConf> conf)
            throws IOException {
        List<Integer> empty = new java.util.ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                empty.add(k);
            }
        }
        if (empty.isEmpty()) {
            return;
        }
        int largest = counts.length - 1;
        long first = reading(train.describe(), () -> train.read(sc, conf, LabelRule.open(),
                limit(settings.trainLimit())).filter(new HasLabel(train.codec(), largest)).keys()
                .reduce(new Smaller()));
        DataSource.Location where = train.where(first);
        throw new InvalidDataException(where.file(), where.place() + ": label " + largest + " is the largest "
                + "training label, so the data would have " + counts.length + " classes, but "
                + (empty.size() == 1 ? "class " + joined(empty) + " has" : "classes " + joined(empty) + " have")
                + " no training example; integer labels must be 0.." + largest + " with every class present (a "
                + "corrupt label?), or set model.classes=" + counts.length + " to allow empty classes");
    }

    private static String joined(List<Integer> classes) {
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(classes.size(), 10); i++) {
            shown.add(Integer.toString(classes.get(i)));
        }
        return String.join(", ", shown) + (classes.size() > 10 ? " and " + (classes.size() - 10) + " more" : "");
    }

    /* Named function classes rather than lambdas: see JobRounds.Items. */
    private static final class HasLabel implements org.apache.spark.api.java.function.Function<
            scala.Tuple2<Long, byte[]>, Boolean> {
        private static final long serialVersionUID = 1L;
        private final ExampleCodec codec;
        private final int label;

        HasLabel(ExampleCodec codec, int label) {
            this.codec = codec;
            this.label = label;
        }

        @Override
        public Boolean call(scala.Tuple2<Long, byte[]> example) {
            return codec.carries(example._2(), label);
        }
    }

    private static final class Smaller implements org.apache.spark.api.java.function.Function2<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long call(Long a, Long b) {
            return Math.min(a, b);
        }
    }

    private ClassLabels classes(List<String> names, int fixed, long[] counts) throws InvalidDataException {
        if (!names.isEmpty() && fixed > 0 && fixed != names.size()) {
            throw new io.github.sparklstm.config.ConfigException("model.classes=" + fixed + ": the training labels are "
                    + names.size() + " distinct strings; set model.classes=" + names.size() + " or 0");
        }
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

    /*
     * Table rows may differ in length: the model's steps are the longest sequence of any set it meets (the
     * executors report it), so every network it runs in has room.
     */
    private static SequenceFormat format(ExampleCodec codec, InputScaling scaling, ShardedData... sets) {
        ImageView view = codec.view();
        if (view != null) {
            return SequenceFormat.ofImages(view, scaling);
        }
        int longest = 0;
        boolean variable = false;
        for (ShardedData set : sets) {
            if (set != null && set.longest() > 0) {
                // Lengths differ within a set, or from one set's (uniform) length to another's.
                variable |= set.variableLength() || longest > 0 && set.longest() != longest;
                longest = Math.max(longest, set.longest());
            }
        }
        return SequenceFormat.ofTables(Math.max(1, longest), codec.features(), scaling, variable);
    }
}
