package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad tables, each given to the job as its training set: exit code 3, one line naming the table or file, the row
 * and what is wrong, and no result in the output directory.
 */
class BadTableTest {

    private static final DataType NESTED = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));

    @TempDir
    Path dir;

    /** 12 rows of 5 steps x 4 features, labels 0..2; {@code edit} may change row values before writing. */
    private Path table(String name, DataType featureType, DataType labelType, java.util.function.Consumer<Object[][]> edit) {
        Object[][] rows = new Object[12][];
        for (int r = 0; r < rows.length; r++) {
            double[][] sequence = new double[5][4];
            for (int s = 0; s < 5; s++) {
                for (int f = 0; f < 4; f++) {
                    sequence[s][f] = (r + s * f) % 7 / 7.0;
                }
            }
            rows[r] = new Object[] {sequence, labelType.equals(DataTypes.StringType) ? "c" + r % 3 : (Object) (r % 3)};
        }
        edit.accept(rows);
        Path out = dir.resolve(name);
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            List<Row> list = new ArrayList<>();
            for (Object[] r : rows) {
                list.add(RowFactory.create(r));
            }
            StructType schema = new StructType().add("features", featureType).add("label", labelType);
            spark.createDataFrame(list, schema).coalesce(1).write().parquet(out.toString());
        } finally {
            spark.stop();
        }
        return out;
    }

    private Path table(String name, java.util.function.Consumer<Object[][]> edit) {
        return table(name, NESTED, DataTypes.IntegerType, edit);
    }

    private void assertRejected(Path table, String where, List<String> more, String... phrases) throws Exception {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("data.format=parquet", "data.train=" + table, "data.test=" + table,
                "output=" + run, "train.epochs=1", "model.hidden=4", "train.batchSize=4", "log.progress=none",
                "train.workers=2"));
        args.addAll(more);
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(Failures.EXIT_DATA, outcome.exitCode(), outcome.err() + outcome.out());
        String line = outcome.error();
        assertTrue(line.contains(where), "'" + where + "' not named: " + line);
        for (String phrase : phrases) {
            assertTrue(line.contains(phrase), "'" + phrase + "' missing: " + line);
        }
        assertFalse(Files.exists(run.resolve("summary.json")));
        assertFalse(Files.exists(run.resolve("model")));
    }

    private void assertRejected(Path table, String where, String... phrases) throws Exception {
        assertRejected(table, where, List.of(), phrases);
    }

    @Test
    void theValidTableTrains() {
        Path good = table("good", rows -> { });
        JobHarness.Outcome outcome = JobHarness.run(List.of("data.format=parquet", "data.train=" + good,
                "data.test=" + good, "output=" + dir.resolve("ok"), "train.epochs=1", "model.hidden=4",
                "train.batchSize=4", "log.progress=none", "train.workers=2"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("3 classes, sequences of 5 steps x 4 features"), outcome.out());
    }

    @Test
    void aMissingColumnNamesTheNearestOne() throws Exception {
        Path good = table("good", rows -> { });
        assertRejected(good, good.toString(), List.of("data.featuresCol=feature"), "no column feature",
                "did you mean features?");
        assertRejected(good, good.toString(), List.of("data.labelCol=labels"), "no column labels", "did you mean label?");
    }

    @Test
    void aWrongColumnTypeNamesTheAllowedOnes() throws Exception {
        Path strings = table("strings", DataTypes.createArrayType(DataTypes.StringType), DataTypes.IntegerType,
                rows -> Arrays.stream(rows).forEach(r -> r[0] = new String[] {"a", "b"}));
        assertRejected(strings, strings.toString(), "has type array<string>", "allowed: array<array<float|double");
        Path booleanLabels = table("booleans", NESTED, DataTypes.BooleanType,
                rows -> Arrays.stream(rows).forEach(r -> r[1] = true));
        assertRejected(booleanLabels, booleanLabels.toString(), "label column label has type boolean", "strings");
    }

    @Test
    void aMisshapedOrEmptySequenceNamesTheRow() throws Exception {
        assertRejected(table("ragged", rows -> ((double[][]) rows[5][0])[2] = new double[3]), "part-",
                "row 5: features step 2 has 3 values, expected 4");
        assertRejected(table("empty", rows -> rows[7][0] = new double[0][4]), "part-",
                "row 7: features is an empty sequence (no steps)");
    }

    @Test
    void sequencesOfDifferentLengthsTrainUpToDataMaxSteps() throws Exception {
        Path mixed = table("mixed", rows -> {
            rows[7][0] = new double[3][4];
            rows[2][0] = new double[9][4];
            rows[4][0] = new double[1][4];
        });
        JobHarness.Outcome outcome = JobHarness.run(List.of("data.format=parquet", "data.train=" + mixed,
                "data.test=" + mixed, "output=" + dir.resolve("mixed-run"), "train.epochs=1", "model.hidden=4",
                "train.batchSize=4", "log.progress=none", "train.workers=2"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("sequences of 1 to 9 steps x 4 features"), outcome.out());
        String model = Files.readString(dir.resolve("mixed-run/model/model.json"));
        assertTrue(model.contains("\"variable_length\" : true") || model.contains("\"variable_length\":true"), model);
        // Refused: one line naming the file, the row and the limit.
        assertRejected(mixed, "part-", List.of("data.maxSteps=6"), "row 2: features has 9 steps, more than "
                + "data.maxSteps=6", "data.longer=cut");
        // Cut: the run trains on the first 6 steps of row 2.
        JobHarness.Outcome cut = JobHarness.run(List.of("data.format=parquet", "data.train=" + mixed,
                "data.test=" + mixed, "output=" + dir.resolve("cut-run"), "train.epochs=1", "model.hidden=4",
                "train.batchSize=4", "log.progress=none", "train.workers=2", "data.maxSteps=6", "data.longer=cut"));
        assertEquals(0, cut.exitCode(), cut.err());
        assertTrue(cut.out().contains("sequences of 1 to 6 steps x 4 features"), cut.out());
    }

    @Test
    void nullsAndNonFiniteValuesNameTheRow() throws Exception {
        assertRejected(table("null-features", rows -> rows[3][0] = null), "part-", "row 3: features is null");
        assertRejected(table("null-step", rows -> ((Object[]) (rows[4][0] = new Object[] {new double[4], null,
                new double[4], new double[4], new double[4]}))[0] = new Double[] {0.0, null, 0.0, 0.0}), "part-",
                "row 4: features value 1 of step 0 is null");
        assertRejected(table("nan", rows -> ((double[][]) rows[9][0])[1][3] = Double.NaN), "part-",
                "row 9: features value 3 of step 1 is NaN");
        assertRejected(table("infinite", rows -> ((double[][]) rows[10][0])[0][0] = 1e300), "part-",
                "row 10: features value 0 of step 0 is infinite");
        assertRejected(table("null-label", rows -> rows[2][1] = null), "part-", "row 2: the label is null");
    }

    @Test
    void labelsOutsideTheClassesAreNamed() throws Exception {
        Path five = table("five", rows -> rows[8][1] = 5);
        assertRejected(five, "part-", List.of("model.classes=3"), "row 8: label 5 is outside 0..2 (model.classes=3)");
        assertRejected(table("negative", rows -> rows[1][1] = -1), "part-", "row 1: label -1 is negative");
        Path fractions = table("fractions", NESTED, DataTypes.DoubleType,
                rows -> Arrays.stream(rows).forEach(r -> r[1] = ((Integer) r[1]) + (r == rows[6] ? 0.5 : 0.0)));
        assertRejected(fractions, "part-", "row 6: label 0.5 is not an integer");
    }

    @Test
    void anIntegerLabelAboveEmptyClassesIsRefusedUnlessModelClassesSaysSo() throws Exception {
        Path gap = table("gap", rows -> rows[8][1] = 5);
        assertRejected(gap, "part-", List.of(), "row 8: label 5 is the largest training label",
                "classes 3, 4 have no training example", "model.classes=6");
        Path run = dir.resolve("six");
        JobHarness.Outcome allowed = JobHarness.run(List.of("data.format=parquet", "data.train=" + gap,
                "data.test=" + gap, "output=" + run, "train.epochs=1", "model.hidden=4", "train.batchSize=4",
                "log.progress=none", "train.workers=2", "model.classes=6"));
        assertEquals(0, allowed.exitCode(), allowed.err());
    }

    @Test
    void badDataLeaveThePreviousRunInPlace() throws Exception {
        Path good = table("good", rows -> { });
        Path run = dir.resolve("previous");
        List<String> settings = new ArrayList<>(List.of("data.format=parquet", "data.test=" + good, "output=" + run,
                "train.epochs=1", "model.hidden=4", "train.batchSize=4", "log.progress=none", "train.workers=2"));
        settings.add("data.train=" + good);
        assertEquals(0, JobHarness.run(settings).exitCode());
        String summary = Files.readString(run.resolve("summary.json"));
        settings.set(settings.size() - 1, "data.train=" + table("nan", rows -> ((double[][]) rows[9][0])[1][3]
                = Double.NaN));
        settings.add("output.overwrite=true");
        assertEquals(Failures.EXIT_DATA, JobHarness.run(settings).exitCode());
        assertEquals(summary, Files.readString(run.resolve("summary.json")), "the good run was destroyed");
    }

    @Test
    void stringLabelsAndADifferentModelClassesAreRefused() throws Exception {
        Path strings = table("strings", NESTED, DataTypes.StringType, rows -> { });
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(List.of("data.format=parquet", "data.train=" + strings,
                "data.test=" + strings, "output=" + run, "train.epochs=1", "model.hidden=4", "train.batchSize=4",
                "log.progress=none", "train.workers=2", "model.classes=2"));
        assertEquals(Failures.EXIT_CONFIG, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("model.classes=2: the training labels are 3 distinct strings"),
                outcome.err());
    }

    @Test
    void anEmptyTableAndAGlobThatMatchesNothing() throws Exception {
        Path empty = table("empty", rows -> { });
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        Path none = dir.resolve("none");
        try {
            spark.read().parquet(empty.toString()).limit(0).write().parquet(none.toString());
        } finally {
            spark.stop();
        }
        assertRejected(none, none.toString(), "contains no rows");
        Path glob = dir.resolve("nothing-*.parquet");
        assertRejected(glob, glob.toString(), "no file matches (data.train)");
    }

    @Test
    void flatFeaturesNeedAShape() throws Exception {
        Path flat = table("flat", DataTypes.createArrayType(DataTypes.DoubleType), DataTypes.IntegerType,
                rows -> Arrays.stream(rows).forEach(r -> r[0] = new double[20]));
        assertRejected(flat, "part-", "row 0 has 20 values in one flat array", "data.steps");
        assertRejected(flat, "part-", List.of("data.steps=3"), "do not form 3 steps");
        Path uneven = table("uneven", DataTypes.createArrayType(DataTypes.DoubleType), DataTypes.IntegerType,
                rows -> Arrays.stream(rows).forEach(r -> r[0] = new double[r == rows[11] ? 16 : 20]));
        assertRejected(uneven, "part-", List.of("data.steps=5"), "row 11: features has 16 values, expected 20");
        // Shaped by data.inputSize alone, each flat row's length gives its steps: 4 steps for row 11, 5 for others.
        JobHarness.Outcome outcome = JobHarness.run(List.of("data.format=parquet", "data.train=" + uneven,
                "data.test=" + uneven, "output=" + dir.resolve("flat-ragged"), "train.epochs=1", "model.hidden=4",
                "train.batchSize=4", "log.progress=none", "train.workers=2", "data.inputSize=4"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("sequences of 1 to 5 steps x 4 features"), outcome.out());
        Path partial = table("partial", DataTypes.createArrayType(DataTypes.DoubleType), DataTypes.IntegerType,
                rows -> Arrays.stream(rows).forEach(r -> r[0] = new double[r == rows[6] ? 18 : 20]));
        assertRejected(partial, "part-", List.of("data.inputSize=4"), "row 6: features has 18 values, not a whole "
                + "number of steps of 4 features");
    }
}
