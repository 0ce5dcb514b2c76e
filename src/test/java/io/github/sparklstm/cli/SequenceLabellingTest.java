package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.ml.LstmClassificationModel;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling every step, through the job: a table whose label column holds one label per step (null where a step
 * has none) trains a per-step model; a task that needs what comes after a step (each step's label is the next
 * step's symbol) is learnt by a bidirectional model and not by a forward one; bad label columns are refused naming
 * the file and row.
 */
class SequenceLabellingTest {

    private static final int SYMBOLS = 4;
    @TempDir
    static Path dir;
    private static Path train;
    private static Path test;

    /**
     * {@code n} sequences of 4 to 9 one-hot symbols; the label of step t is the symbol at t + 1, none at the last
     * step, and none at about one step in eight besides.
     */
    private static Path table(String name, int n, long seed, DataType labelType) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int length = 4 + random.nextInt(6);
            int[] symbols = random.ints(length, 0, SYMBOLS).toArray();
            double[][] steps = new double[length][SYMBOLS];
            Object[] labels = new Object[length];
            for (int t = 0; t < length; t++) {
                steps[t][symbols[t]] = 1;
                boolean labelled = t + 1 < length && random.nextInt(8) != 0;
                labels[t] = !labelled ? null : labelType.equals(DataTypes.StringType) ? "s" + symbols[t + 1]
                        : (Object) symbols[t + 1];
            }
            rows.add(RowFactory.create(steps, labels));
        }
        Path out = dir.resolve(name);
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            StructType schema = new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                    .add("label", DataTypes.createArrayType(labelType));
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
        } finally {
            spark.stop();
        }
        return out;
    }

    @BeforeAll
    static void tables() {
        train = table("train", 1200, 1, DataTypes.IntegerType);
        test = table("test", 400, 2, DataTypes.IntegerType);
    }

    private static List<String> settings(Path run, Path trainTable, Path testTable, String... more) {
        List<String> args = new ArrayList<>(List.of("data.format=parquet", "data.train=" + trainTable,
                "data.test=" + testTable, "data.normalize=none", "model.output=steps", "model.hidden=16",
                "train.epochs=3", "train.batchSize=32", "train.workers=2", "train.averagingFrequency=4",
                "train.learningRate=0.02", "log.progress=epoch", "output=" + run));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aBidirectionalModelLearnsWhatComesNextAndAForwardOneCannot() throws Exception {
        Path both = dir.resolve("bidirectional");
        JobHarness.Outcome outcome = JobHarness.run(settings(both, train, test, "model.bidirectional=true"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode summary = new ObjectMapper().readTree(both.resolve("summary.json").toFile());
        double perStep = summary.path("test_accuracy").asDouble();
        System.out.printf("LABELLING bidirectional: per step %.4f, sequences %.4f, macro-F1 %.4f%n", perStep,
                summary.path("test_sequence_accuracy").asDouble(), summary.path("test_macro_f1").asDouble());
        assertTrue(perStep > 0.9, "per-step accuracy " + perStep);
        assertTrue(summary.path("test_steps").asLong() > 400 * 4, summary.toString());
        assertTrue(summary.path("test_sequence_accuracy").asDouble() <= perStep, summary.toString());
        assertEquals(SYMBOLS, summary.path("per_class").size());
        assertTrue(summary.path("per_class").get(0).has("f1"), summary.toString());
        assertTrue(outcome.out().contains("per step,") && outcome.out().contains("macro-F1"), outcome.out());

        SavedModel model = ModelFiles.read(both.resolve("model"));
        assertEquals(new ModelSpec(SYMBOLS, 16, 1, false, SYMBOLS, true, ModelSpec.Output.STEPS), model.spec());
        String json = Files.readString(both.resolve("model/model.json"));
        assertTrue(json.contains("\"output\" : \"steps\"") && json.contains("\"bidirectional\" : true"), json);

        // Batch prediction and the Spark ML model give a prediction per step, aligned with the input's steps.
        Path predictions = dir.resolve("predictions");
        JobHarness.Outcome predicted = JobHarness.run(List.of("predict", "--model", both.resolve("model").toString(),
                "input=" + test, "output=" + predictions));
        assertEquals(0, predicted.exitCode(), predicted.err());
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(predictions.toString()).collectAsList();
            assertEquals(400, rows.size());
            long right = 0;
            long labelled = 0;
            for (Row row : rows) {
                List<Object> labels = row.getList(row.fieldIndex("label"));
                List<Object> steps = row.getList(row.fieldIndex("prediction"));
                assertEquals(labels.size(), steps.size(), "a prediction per step");
                assertEquals(SYMBOLS, ((scala.collection.Seq<?>) row.getList(row.fieldIndex("probability")).get(0))
                        .size());
                for (int t = 0; t < labels.size(); t++) {
                    if (labels.get(t) != null) {
                        labelled++;
                        right += ((Number) labels.get(t)).intValue() == ((Number) steps.get(t)).intValue() ? 1 : 0;
                    }
                }
            }
            assertEquals(perStep, (double) right / labelled, 1e-9, "the predictions are the evaluation's");
            var fitted = io.github.sparklstm.ml.LstmClassificationModel.load(both.resolve("model").toString());
            Row first = fitted.transform(spark.read().parquet(test.toString())).first();
            assertEquals(first.getList(first.fieldIndex("label")).size(),
                    first.getList(first.fieldIndex("prediction")).size());
        } finally {
            spark.stop();
        }

        Path forward = dir.resolve("forward");
        JobHarness.Outcome alone = JobHarness.run(settings(forward, train, test));
        assertEquals(0, alone.exitCode(), alone.err());
        double forwardOnly = new ObjectMapper().readTree(forward.resolve("summary.json").toFile())
                .path("test_accuracy").asDouble();
        System.out.printf("LABELLING forward only: per step %.4f%n", forwardOnly);
        assertTrue(forwardOnly < 0.5, "a forward model cannot see the next step, yet got " + forwardOnly);
    }

    @Test
    void thePlanValidationEarlyStoppingAGateAndASweepTakeThePerStepMetrics() throws Exception {
        List<String> plan = new ArrayList<>(List.of("--plan"));
        plan.addAll(settings(dir.resolve("planned"), train, test, "model.bidirectional=true"));
        JobHarness.Outcome planned = JobHarness.run(plan);
        assertEquals(0, planned.exitCode(), planned.err());
        assertFalse(Files.exists(dir.resolve("planned/summary.json")), "a plan writes nothing");

        // A forward model cannot pass a gate of 60% per step: exit 6, with the validation's per-step metrics.
        Path gated = dir.resolve("gated");
        JobHarness.Outcome failed = JobHarness.run(settings(gated, train, test, "data.validationFraction=0.2",
                "train.keep=best", "train.earlyStopping.patience=1", "train.epochs=4", "gate.minTestAccuracy=0.6"));
        assertEquals(Failures.EXIT_GATE, failed.exitCode(), failed.err());
        JsonNode summary = new ObjectMapper().readTree(gated.resolve("summary.json").toFile());
        assertFalse(summary.path("gate").path("passed").asBoolean(), summary.toString());
        double validation = summary.path("validation_accuracy").asDouble();
        assertTrue(validation > 0.1 && validation < 0.6, summary.toString());
        assertTrue(summary.has("validation_sequence_accuracy") && summary.has("validation_macro_f1"),
                summary.toString());
        assertTrue(summary.path("best_epoch").asInt() >= 1, summary.toString());

        // A sweep over the direction ranks the trials by per-step validation accuracy: bidirectional first.
        Path sweep = dir.resolve("sweep");
        List<String> args = new ArrayList<>(List.of("sweep", "--metric", "validation_accuracy", "--grid",
                "model.bidirectional=false,true"));
        args.addAll(settings(sweep, train, test, "train.epochs=2"));
        JobHarness.Outcome swept = JobHarness.run(args);
        assertEquals(0, swept.exitCode(), swept.err());
        List<String> rows = Files.readAllLines(sweep.resolve("results.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).contains(",true,done,"), "best first: " + String.join("\n", rows));
    }

    @Test
    void stringLabelsPerStepAreIndexedAndKept() throws Exception {
        Path strings = table("strings", 300, 3, DataTypes.StringType);
        Path run = dir.resolve("strings-run");
        JobHarness.Outcome outcome = JobHarness.run(settings(run, strings, strings, "train.epochs=1"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        String json = Files.readString(run.resolve("model/model.json"));
        assertTrue(json.contains("\"s0\"") && json.contains("\"s3\""), json);
    }

    @Test
    void badLabelColumnsAreRefusedNamingTheFileAndRow() throws Exception {
        Path run = dir.resolve("never");
        // A label array of another length than its sequence.
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        Path shortLabels = dir.resolve("short");
        Path whole = dir.resolve("whole");
        try {
            StructType schema = new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                    .add("label", DataTypes.createArrayType(DataTypes.IntegerType));
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                rows.add(RowFactory.create(new double[][] {{1, 0}, {0, 1}, {1, 1}},
                        r == 4 ? new Object[] {0, 1} : new Object[] {0, 1, null}));
            }
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(shortLabels.toString());
            StructType wholeSchema = new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                    .add("label", DataTypes.IntegerType);
            List<Row> wholeRows = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                wholeRows.add(RowFactory.create(new double[][] {{1, 0}}, r % 2));
            }
            spark.createDataFrame(wholeRows, wholeSchema).coalesce(1).write().parquet(whole.toString());
        } finally {
            spark.stop();
        }
        JobHarness.Outcome length = JobHarness.run(settings(run, shortLabels, shortLabels));
        assertEquals(Failures.EXIT_DATA, length.exitCode(), length.err());
        assertTrue(length.error().contains("part-") && length.error().contains("row 4: the label array has 2 "
                + "labels for a sequence of 3 steps"), length.err());
        assertFalse(Files.exists(run.resolve("summary.json")));

        JobHarness.Outcome perSequence = JobHarness.run(settings(run, whole, whole));
        assertEquals(Failures.EXIT_DATA, perSequence.exitCode(), perSequence.err());
        assertTrue(perSequence.error().contains("holds one label per sequence, but model.output=steps needs an "
                + "array"), perSequence.err());

        List<String> last = new ArrayList<>(settings(run, shortLabels, shortLabels));
        last.remove("model.output=steps");
        JobHarness.Outcome arrays = JobHarness.run(last);
        assertEquals(Failures.EXIT_DATA, arrays.exitCode(), arrays.err());
        assertTrue(arrays.error().contains("holds an array of labels per step, but model.output=last"), arrays.err());

        JobHarness.Outcome images = JobHarness.run(List.of("model.output=steps", "output=" + run));
        assertEquals(Failures.EXIT_CONFIG, images.exitCode(), images.err());
        assertTrue(images.error().contains("model.output=steps: IDX images carry one label each"), images.err());
    }
}
