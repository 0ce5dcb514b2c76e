package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Padded exports: features padded to a common length with each row's number of steps in a length column train as
 * the unpadded sequences do, to the bit, nested or flat; a bad length names its row.
 */
class LengthColumnTest {

    private static final int ROWS = 24;
    private static final int FEATURES = 3;

    @TempDir
    Path dir;

    /* Row r has 1 + r % 6 real steps; padded rows carry 6 steps, the padding filled with junk (99). */
    private static int length(int r) {
        return 1 + r % 6;
    }

    private static double value(int r, int s, int f) {
        return ((r * 7 + s * 3 + f) % 11) / 11.0;
    }

    private Path write(String name, boolean padded, boolean flat, java.util.function.IntUnaryOperator lengthOf) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            int steps = padded ? 6 : length(r);
            double[][] nested = new double[steps][FEATURES];
            double[] flatValues = new double[steps * FEATURES];
            for (int s = 0; s < steps; s++) {
                for (int f = 0; f < FEATURES; f++) {
                    double v = s < length(r) ? value(r, s, f) : 99;
                    nested[s][f] = v;
                    flatValues[s * FEATURES + f] = v;
                }
            }
            rows.add(RowFactory.create(flat ? flatValues : nested, r % 3, lengthOf.applyAsInt(r)));
        }
        DataType features = flat ? DataTypes.createArrayType(DataTypes.DoubleType)
                : DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));
        StructType schema = new StructType().add("features", features).add("label", DataTypes.IntegerType)
                .add("len", DataTypes.IntegerType);
        Path out = dir.resolve(name);
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
        } finally {
            spark.stop();
        }
        return out;
    }

    private JobHarness.Outcome train(Path table, String run, String... more) {
        List<String> args = new ArrayList<>(List.of("data.format=parquet", "data.train=" + table,
                "data.test=" + table, "output=" + dir.resolve(run), "train.epochs=2", "model.hidden=4",
                "train.batchSize=4", "log.progress=none", "train.workers=2"));
        args.addAll(List.of(more));
        return JobHarness.run(args);
    }

    @Test
    void paddedRowsWithALengthColumnTrainAsTheSequencesThemselves() throws Exception {
        Path ragged = write("ragged", false, false, LengthColumnTest::length);
        Path padded = write("padded", true, false, LengthColumnTest::length);
        Path flat = write("flat", true, true, LengthColumnTest::length);
        JobHarness.Outcome plain = train(ragged, "ragged-run");
        assertEquals(0, plain.exitCode(), plain.err());
        JobHarness.Outcome withLength = train(padded, "padded-run", "data.lengthCol=len");
        assertEquals(0, withLength.exitCode(), withLength.err());
        assertTrue(withLength.out().contains("sequences of 1 to 6 steps x 3 features"), withLength.out());
        JobHarness.Outcome flatWithLength = train(flat, "flat-run", "data.lengthCol=len", "data.inputSize=3");
        assertEquals(0, flatWithLength.exitCode(), flatWithLength.err());
        String expected = JobHarness.sha256(dir.resolve("ragged-run/model/model.safetensors"));
        assertEquals(expected, JobHarness.sha256(dir.resolve("padded-run/model/model.safetensors")));
        assertEquals(expected, JobHarness.sha256(dir.resolve("flat-run/model/model.safetensors")));
    }

    @Test
    void aBadLengthNamesItsRow() throws Exception {
        assertRejected(write("zero", true, false, r -> r == 5 ? 0 : length(r)), List.of(),
                "row 5: the length is 0: a sequence needs at least one step");
        assertRejected(write("beyond", true, false, r -> r == 7 ? 9 : length(r)), List.of(),
                "row 7: the length is 9 but features holds 6 steps");
        Path good = write("good", true, false, LengthColumnTest::length);
        assertRejected(good, List.of("data.lengthCol=lenght"), "no column lenght (data.lengthCol); did you mean len?");
        assertRejected(good, List.of("data.lengthCol=features"), "length column features has type array<array<double>>; "
                + "allowed: integers");
    }

    private void assertRejected(Path table, List<String> more, String phrase) {
        List<String> args = new ArrayList<>(List.of("data.lengthCol=len"));
        args.addAll(more);
        JobHarness.Outcome outcome = train(table, "rejected-" + table.getFileName(), args.toArray(String[]::new));
        assertEquals(Failures.EXIT_DATA, outcome.exitCode(), outcome.err());
        String line = outcome.err().strip().lines().filter(l -> l.startsWith("spark-lstm: error:")).findFirst()
                .orElseThrow();
        assertTrue(line.contains(phrase), "'" + phrase + "' missing: " + line);
        assertFalse(Files.exists(dir.resolve("rejected-" + table.getFileName()).resolve("model")));
    }
}
