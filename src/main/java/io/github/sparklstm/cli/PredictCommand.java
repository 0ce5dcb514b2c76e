package io.github.sparklstm.cli;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.distributed.data.IdxToTables;
import io.github.sparklstm.distributed.scoring.FrameScorer;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-lstm predict --model DIR input=PATH [input.format=parquet] output=PATH [output.format=parquet]}:
 * scores a table (or IDX images) on the executors and writes the input's columns other than the features, plus
 * {@code prediction} (the class as the training labels wrote it) and {@code probability} (an array in class order;
 * CSV: a column {@code probability_<class>} each). The output appears whole or not at all: it is written beside
 * its place and renamed into it.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Scores a table (or IDX images) with a saved model and writes predictions with Spark's writer.")
final class PredictCommand implements Callable<Integer> {

    private static final List<String> INPUT_FORMATS = List.of("idx", "parquet", "orc", "json", "csv");
    private static final List<String> OUTPUT_FORMATS = List.of("parquet", "orc", "json", "csv");

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model directory: a run's model/ or a saved LstmClassificationModel (any Hadoop path)")
    String model;

    @Parameters(paramLabel = "key=value", description = "input=PATH, input.format (idx, parquet, orc, json, csv; "
            + "default parquet), output=PATH, output.format (parquet, orc, json, csv; default parquet), "
            + "output.overwrite; the input's columns as in training: data.featuresCol, data.labelCol, data.option.*; "
            + "eval.batchSize")
    List<String> settings = new ArrayList<>();

    private final PrintStream out;

    PredictCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> own = new LinkedHashMap<>(Map.of("input", "", "input.format", "parquet", "output", "",
                "output.format", "parquet", "output.overwrite", "false"));
        List<String> rest = split(settings, own);
        Config config = Config.load(null, null, rest);
        for (String key : List.of("input", "output")) {
            if (own.get(key).isEmpty()) {
                throw new ConfigException(key + ": required (a Hadoop path)");
            }
        }
        String inputFormat = choice(own, "input.format", INPUT_FORMATS);
        String outputFormat = choice(own, "output.format", OUTPUT_FORMATS);
        boolean overwrite = Boolean.parseBoolean(choice(own, "output.overwrite", List.of("true", "false")));

        SparkConf conf = SparkSetup.sparkConf().setAppName("spark-lstm-predict");
        SavedModel saved = ModelDirectory.read(HadoopStore.at(model, SparkSetup.hadoopConfiguration(conf)));
        try (SparkSession spark = SparkSetup.start(conf)) {
            HadoopStore target = HadoopStore.at(own.get("output"), spark.sparkContext().hadoopConfiguration());
            if (target.exists() && !overwrite) {
                throw new ConfigException("output=" + target.location() + ": exists; set output.overwrite=true to "
                        + "replace it");
            }
            boolean perStep = saved.perStep();
            if (perStep && "csv".equals(outputFormat)) {
                throw new ConfigException("output.format=csv: the model labels every step, and its predictions are "
                        + "arrays, which CSV cannot hold; use parquet, orc or json");
            }
            long start = System.nanoTime();
            Dataset<Row> input = read(spark, saved, inputFormat, own.get("input"), config);
            String featuresCol = "idx".equals(inputFormat) ? "features" : config.get("data.featuresCol");
            FrameScorer.Columns columns = new FrameScorer.Columns(featuresCol, config.get("data.labelCol"), "",
                    "probability", "", "prediction", true, "idx".equals(inputFormat) ? "" : config.get("data.lengthCol"));
            Dataset<Row> scored = FrameScorer.transform(input, saved, columns, config.integer("eval.batchSize"), false);
            scored = perStep ? stepProbabilities(scored) : probabilities(scored, saved, outputFormat);
            long rows = write(scored, target, outputFormat, overwrite);
            out.printf(Locale.ROOT, "predicted %d rows of %s into %s (%s) in %.1f s%n", rows, own.get("input"),
                    target.location(), outputFormat, (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** Takes the command's own settings (the keys of {@code own}) into it; returns the job's, for Config. */
    static List<String> split(List<String> settings, Map<String, String> own) {
        List<String> rest = new ArrayList<>();
        for (String setting : settings) {
            String key = setting.contains("=") ? setting.substring(0, setting.indexOf('=')).trim() : setting;
            if (own.containsKey(key)) {
                own.put(key, setting.substring(setting.indexOf('=') + 1));
            } else {
                rest.add(setting);
            }
        }
        return rest;
    }

    static String choice(Map<String, String> own, String key, List<String> allowed) {
        String value = own.get(key);
        if (!allowed.contains(value)) {
            throw new ConfigException(key + "=" + value + ": expected one of " + String.join(", ", allowed));
        }
        return value;
    }

    static Dataset<Row> read(SparkSession spark, SavedModel saved, String format, String path,
                                     Config config) throws IOException {
        if ("idx".equals(format)) {
            if (!saved.format().isImage()) {
                throw new ConfigException("input.format=idx: the model was trained on a table, not on IDX images");
            }
            return IdxToTables.asTable(spark, path, saved.format().image());
        }
        if (HadoopStore.files(path, spark.sparkContext().hadoopConfiguration()).isEmpty()) {
            throw new io.github.sparklstm.data.InvalidDataException(path, "no file matches (input)");
        }
        Map<String, String> options = new HashMap<>();
        if ("csv".equals(format)) {
            options.put("header", "true");
            options.put("inferSchema", "true");
        }
        options.putAll(config.readerOptions());
        return spark.read().format(format).options(options).load(path);
    }

    /* Per step, as the whole-sequence output is: prediction, and each step's probabilities as an array. */
    private static Dataset<Row> stepProbabilities(Dataset<Row> scored) {
        List<Column> columns = new ArrayList<>();
        for (String name : scored.columns()) {
            if (!name.equals("probability") && !name.equals("prediction")) {
                columns.add(scored.col(name));
            }
        }
        columns.add(scored.col("prediction"));
        columns.add(functions.transform(scored.col("probability"),
                v -> org.apache.spark.ml.functions.vector_to_array(v, "float64")).as("probability"));
        return scored.select(columns.toArray(Column[]::new));
    }

    /* An array in class order; CSV holds no arrays, so there a column per class. */
    private static Dataset<Row> probabilities(Dataset<Row> scored, SavedModel saved, String format) {
        Column array = org.apache.spark.ml.functions.vector_to_array(scored.col("probability"), "float64");
        List<Column> columns = new ArrayList<>();
        for (String name : scored.columns()) {
            if (!name.equals("probability") && !name.equals("prediction")) {
                columns.add(scored.col(name));
            }
        }
        columns.add(scored.col("prediction"));
        if (!"csv".equals(format)) {
            columns.add(array.as("probability"));
        } else {
            List<String> names = new ArrayList<>();
            for (int k = 0; k < saved.spec().classes(); k++) {
                names.add("probability_" + saved.labels().name(k));
            }
            java.util.Set<String> taken = new java.util.HashSet<>();
            for (String name : scored.columns()) {
                taken.add(name.toLowerCase(Locale.ROOT));
            }
            boolean byName = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().count() == names.size()
                    && names.stream().noneMatch(n -> taken.contains(n.toLowerCase(Locale.ROOT)));
            for (int k = 0; k < saved.spec().classes(); k++) {
                // Labels that would clash as column names (case, another column) give way to class numbers.
                columns.add(array.getItem(k).as(byName ? names.get(k) : "probability_" + k));
            }
        }
        return scored.select(columns.toArray(Column[]::new));
    }

    /* Spark's writer into a hidden sibling, then one rename: a failed run leaves no half table in place. */
    private static long write(Dataset<Row> scored, HadoopStore target, String format, boolean overwrite)
            throws IOException, InterruptedException {
        Observation rows = new Observation("rows");
        Dataset<Row> counted = scored.observe(rows, functions.count(functions.lit(1)).as("rows"));
        target.publishDirectory(location -> counted.write().format(format).option("header", "true").save(location),
                overwrite);
        return rows.getAsJava().get("rows") instanceof Long n ? n : -1;
    }
}
