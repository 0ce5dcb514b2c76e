package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.ml.LstmClassificationModel;
import io.github.sparklstm.run.Failures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch prediction: the predict command's output is the in-process model's transform, written whole or not at all. */
class PredictCommandTest {

    @TempDir
    static Path dir;
    private static Path model;
    private static Path tables;

    @BeforeAll
    static void trainAndConvert() {
        Path run = dir.resolve("run");
        assertEquals(0, JobHarness.run(JobHarness.small(run, "train.workers=3")).exitCode());
        model = run.resolve("model");
        tables = dir.resolve("tables");
        assertEquals(0, TableDataTest.convert(tables, "parquet").exitCode());
    }

    static JobHarness.Outcome predict(String... args) {
        List<String> all = new ArrayList<>(List.of("predict", "--model", model.toString()));
        all.addAll(List.of(args));
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new JobHarness.Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8))
                .withoutStackTraces();
    }

    private static SparkSession spark() {
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    @Test
    void predictionsAreTheModelsTransform() {
        Path output = dir.resolve("scored");
        JobHarness.Outcome outcome = predict("input=" + tables.resolve("test"), "output=" + output);
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("predicted 300 rows"), outcome.out());
        SparkSession spark = spark();
        try {
            Dataset<Row> written = spark.read().parquet(output.toString());
            assertEquals(List.of("label", "prediction", "probability"), List.of(written.schema().fieldNames()));
            Dataset<Row> test = spark.read().parquet(tables.resolve("test").toString());
            List<Row> expected = LstmClassificationModel.load(model.toString()).transform(test).collectAsList();
            List<Row> actual = written.collectAsList();
            assertEquals(expected.size(), actual.size());
            // Each input file keeps its rows in order, and Spark writes a file per input split, so rows line up.
            for (int i = 0; i < expected.size(); i++) {
                assertEquals((int) expected.get(i).<Integer>getAs("predictedLabel"),
                        (int) actual.get(i).<Integer>getAs("prediction"));
                List<Double> probability = actual.get(i).getList(2);
                double[] values = probability.stream().mapToDouble(Double::doubleValue).toArray();
                assertArrayEquals(((Vector) expected.get(i).getAs("probability")).toArray(), values);
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void idxInputAndCsvOutput() throws Exception {
        Path output = dir.resolve("scored.csv");
        JobHarness.Outcome outcome = predict("input=data/mnist/t10k-images-idx3-ubyte.gz", "input.format=idx",
                "output=" + output, "output.format=csv");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("predicted 10000 rows"), outcome.out());
        String header = Files.readAllLines(Files.list(output).filter(p -> p.toString().endsWith(".csv")).sorted()
                .findFirst().orElseThrow()).get(0);
        assertEquals("position,label,prediction,probability_0,probability_1,probability_2,probability_3,"
                + "probability_4,probability_5,probability_6,probability_7,probability_8,probability_9", header);
    }

    @Test
    void aModelOfTrimmedRowsPredictsIdxAsItsRunEvaluatedIt() throws Exception {
        Path run = dir.resolve("trimmed-run");
        assertEquals(0, JobHarness.run(JobHarness.small(run, "train.workers=2", "data.view=rows-trimmed")).exitCode());
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("summary.json").toFile());
        int tested = summary.get("test_examples").asInt();
        Path output = dir.resolve("trimmed.csv");
        List<String> all = new ArrayList<>(List.of("predict", "--model", run.resolve("model").toString(),
                "input=data/mnist/t10k-images-idx3-ubyte.gz", "input.format=idx", "output=" + output,
                "output.format=csv"));
        System.setProperty("spark.master", "local[2]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        // The run evaluated the first test images; their predictions from IDX through the trimmed rows agree.
        int right = 0;
        try (var files = Files.list(output)) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
                    String[] fields = line.split(",");
                    if (Long.parseLong(fields[0]) < tested) {
                        right += fields[1].equals(fields[2]) ? 1 : 0;
                    }
                }
            }
        }
        assertEquals(summary.get("test_accuracy").asDouble(), right / (double) tested, 1e-12);
    }

    @Test
    void aFailedPredictionLeavesNoOutput() throws Exception {
        Path output = dir.resolve("never");
        JobHarness.Outcome outcome = predict("input=" + tables.resolve("test"), "output=" + output,
                "data.featuresCol=pixels");
        assertEquals(Failures.EXIT_DATA, outcome.exitCode());
        assertTrue(outcome.error().contains("the input: no column pixels (data.featuresCol)"), outcome.err());
        assertFalse(Files.exists(output));
        try (var siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".never.tmp")));
        }
        Path taken = dir.resolve("taken");
        Files.createDirectories(taken);
        assertEquals(Failures.EXIT_CONFIG, predict("input=" + tables.resolve("test"), "output=" + taken).exitCode());
    }
}
