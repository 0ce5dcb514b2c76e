package io.github.sparklstm.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of sequences: MNIST converted from IDX to Parquet (and ORC, JSON), and rewritten as flat arrays, ML vectors,
 * string labels and CSV columns, each trains the bit-identical model of the IDX files: same examples, same
 * positions, same statistics, same inputs.
 */
class TableDataTest {

    private static final String[] SETUP = {"train.workers=3"};
    @TempDir
    static Path dir;
    private static Path tables;
    private static String idxDigest;

    @BeforeAll
    static void convertAndTrainOnIdx() throws Exception {
        tables = dir.resolve("parquet");
        JobHarness.Outcome converted = convert(tables, "parquet");
        assertEquals(0, converted.exitCode(), converted.err());
        assertTrue(converted.out().contains("1500 rows in 3 parquet file(s)"), converted.out());
        Path run = dir.resolve("idx");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        idxDigest = JobHarness.modelDigest(run);
    }

    static JobHarness.Outcome convert(Path output, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.serializer", JobHarness.KRYO);
        try {
            int code = Main.run(new String[] {"convert", "--format=" + format, "--rows-per-file=600",
                "data.trainLimit=1500", "data.testLimit=300", "output=" + output},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new JobHarness.Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("spark.serializer");
        }
    }

    private static Path trainOn(String name, String... settings) {
        Path run = dir.resolve(name);
        List<String> args = JobHarness.small(run, SETUP);
        args.addAll(List.of(settings));
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        return run;
    }

    @Test
    void parquetFromIdxTrainsTheBitIdenticalModel() throws Exception {
        Path run = trainOn("from-parquet", "data.format=parquet", "data.train=" + tables.resolve("train"),
                "data.test=" + tables.resolve("test"));
        assertEquals(idxDigest, JobHarness.modelDigest(run));
        SavedModel model = ModelFiles.read(run.resolve("model"));
        assertEquals(10, model.spec().classes());
        assertEquals(28, model.format().steps());
        assertTrue(!model.format().isImage());
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertTrue(summary.path("data_load_s").asDouble() > 0);
    }

    @Test
    void orcAndJsonToo() throws Exception {
        for (String format : List.of("orc", "json")) {
            Path converted = dir.resolve(format);
            assertEquals(0, convert(converted, format).exitCode());
            Path run = trainOn("from-" + format, "data.format=" + format, "data.train=" + converted.resolve("train"),
                    "data.test=" + converted.resolve("test"));
            assertEquals(idxDigest, JobHarness.modelDigest(run), format);
        }
    }

    /** Rewrites the converted tables, keeping the row order, with other column types. */
    private static Path rewrite(String name, String format, UnaryOperator<Dataset<Row>> change) {
        Path out = dir.resolve(name);
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            for (String set : List.of("train", "test")) {
                Dataset<Row> table = spark.read().parquet(tables.resolve(set).toString())
                        .withColumn("file", col("_metadata.file_path"))
                        .withColumn("row", monotonically_increasing_id())
                        .orderBy("file", "row");
                change.apply(table).drop("file", "row").write().format(format).option("header", "true")
                        .save(out.resolve(set).toString());
            }
        } finally {
            spark.stop();
        }
        return out;
    }

    @Test
    void flatArraysVectorsAndStringLabelsGiveTheSameModel() throws Exception {
        Path flat = rewrite("flat", "parquet", t -> t.withColumn("features", flatten(col("features"))));
        Path run = trainOn("from-flat", "data.format=parquet", "data.train=" + flat.resolve("train"),
                "data.test=" + flat.resolve("test"), "data.steps=28");
        assertEquals(idxDigest, JobHarness.modelDigest(run), "flat array<float> with data.steps");

        Path vectors = rewrite("vectors", "parquet", t -> t.withColumn("pixels",
                org.apache.spark.ml.functions.array_to_vector(flatten(col("features")))).drop("features"));
        run = trainOn("from-vectors", "data.format=parquet", "data.train=" + vectors.resolve("train"),
                "data.test=" + vectors.resolve("test"), "data.featuresCol=pixels", "data.inputSize=28");
        assertEquals(idxDigest, JobHarness.modelDigest(run), "ML vectors with data.inputSize");

        Path named = rewrite("named", "parquet", t -> t.withColumn("digit",
                concat(lit("digit-"), col("label").cast("string"))).drop("label"));
        run = trainOn("from-strings", "data.format=parquet", "data.train=" + named.resolve("train"),
                "data.test=" + named.resolve("test"), "data.labelCol=digit");
        assertEquals(idxDigest, JobHarness.modelDigest(run), "string labels, sorted like the digits");
        SavedModel model = ModelFiles.read(run.resolve("model"));
        assertEquals("digit-7", model.labels().name(7));
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertEquals("digit-3", summary.path("per_class").get(3).path("label").asText());

        // A saved model scores a table of string labels as the run did, labels mapped by its own index.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"evaluate", "--model", run.resolve("model").toString(), "data.format=parquet",
            "data.test=" + named.resolve("test"), "data.labelCol=digit"}, new PrintStream(out, true,
                StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        JsonNode evaluated = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(summary.path("test_accuracy").asDouble(), evaluated.path("test_accuracy").asDouble());
        assertEquals("digit-9", evaluated.path("per_class").get(9).path("label").asText());
    }

    @Test
    void csvColumnsGatheredByAPattern() throws Exception {
        Path csv = rewrite("csv", "csv", t -> {
            List<Column> columns = new ArrayList<>(List.of(col("label"), col("file"), col("row")));
            for (int p = 0; p < 784; p++) {
                columns.add(flatten(col("features")).getItem(p).as("px" + p));
            }
            return t.select(columns.toArray(Column[]::new));
        });
        Path run = trainOn("from-csv", "data.format=csv", "data.train=" + csv.resolve("train"),
                "data.test=" + csv.resolve("test"), "data.featuresCol=px*", "data.steps=28");
        assertEquals(idxDigest, JobHarness.modelDigest(run), "784 CSV columns as 28 x 28");
    }

    @Test
    void modelClassesFixesTheHeadAndSparesNothing() throws Exception {
        Path run = trainOn("twelve", "data.format=parquet", "data.train=" + tables.resolve("train"),
                "data.test=" + tables.resolve("test"), "model.classes=12");
        SavedModel model = ModelFiles.read(run.resolve("model"));
        assertEquals(12, model.spec().classes());
        assertEquals(12, new ObjectMapper().readTree(run.resolve("summary.json").toFile())
                .path("confusion_matrix").size());
        assertTrue(Files.exists(run.resolve("curves.png")));
    }
}
