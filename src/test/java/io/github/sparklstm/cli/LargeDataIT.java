package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet training set three times the driver's heap (1.5 GB of float32 sequences, driver at -Xmx512m) trains
 * one epoch on a standalone cluster of two executor JVMs: the driver plans from metadata and never holds the
 * examples. Prints the driver's and executors' peak memory as OUTCOME lines.
 */
class LargeDataIT {

    private static final int STEPS = 16;
    private static final int FEATURES = 32;
    /** 2 KB of floats per row: 750,000 rows are 1.5 GB. */
    private static final long TRAIN_ROWS = 750_000;
    private static final long TEST_ROWS = 20_000;

    @TempDir
    static Path dir;

    /** Rows of random values whose label is whether feature 0 sums positive over the steps: learnable, not trivial. */
    static final class Generate implements FlatMapFunction<Integer, Row> {
        private static final long serialVersionUID = 1L;
        private final long rowsPerPart;

        Generate(long rowsPerPart) {
            this.rowsPerPart = rowsPerPart;
        }

        @Override
        public Iterator<Row> call(Integer part) {
            SplittableRandom random = new SplittableRandom(1000 + part);
            return new Iterator<>() {
                long made;

                @Override
                public boolean hasNext() {
                    return made < rowsPerPart;
                }

                @Override
                public Row next() {
                    made++;
                    float[][] steps = new float[STEPS][FEATURES];
                    double sum = 0;
                    for (int s = 0; s < STEPS; s++) {
                        for (int f = 0; f < FEATURES; f++) {
                            steps[s][f] = (float) random.nextGaussian();
                        }
                        sum += steps[s][0];
                    }
                    return RowFactory.create(steps, sum > 0 ? 1 : 0);
                }
            };
        }
    }

    private static void generate(SparkSession spark, Path out, long rows, int parts) {
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            ids.add(p);
        }
        JavaRDD<Row> table = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, parts)
                .flatMap(new Generate(rows / parts));
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false))
                .add("label", DataTypes.IntegerType);
        spark.createDataFrame(table, schema).write().parquet(out.toString());
    }

    private static long bytesUnder(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aTableLargerThanTheDriverTrainsOnTheCluster() throws Exception {
        Path train = dir.resolve("large/train");
        Path test = dir.resolve("large/test");
        long start = System.nanoTime();
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            generate(spark, train, TRAIN_ROWS, 12);
            generate(spark, test, TEST_ROWS, 2);
        } finally {
            spark.stop();
        }
        long trainBytes = bytesUnder(train);
        System.out.printf("OUTCOME large data set: %d rows of %d x %d float32, %.2f GB of Parquet, generated in %.0f s%n",
                TRAIN_ROWS, STEPS, FEATURES, trainBytes / 1e9, (System.nanoTime() - start) / 1e9);
        assertTrue(trainBytes > 1_400_000_000L, "only " + trainBytes + " bytes");

        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), "3g")) {
            Path run = dir.resolve("run");
            Path log = dir.resolve("run.log");
            Process submission = cluster.submit(log, List.of("--executor-memory", "2500m"), List.of(
                    "data.format=parquet", "data.train=" + train, "data.test=" + test, "model.hidden=16",
                    "train.batchSize=256", "train.epochs=1", "train.workers=4", "train.averagingFrequency=64",
                    "train.learningRate=0.003", "data.storageLevel=MEMORY_AND_DISK", "log.progress=epoch",
                    "output=" + run), Map.of("SPARK_LSTM_DRIVER_JAVA_OPTS", "-Xmx512m"));
            ProcessMemory.Peaks peaks = ProcessMemory.watch(submission, cluster, 20);
            String text = Files.readString(log);
            assertEquals(0, peaks.exitCode(), text);
            assertTrue(!text.contains("OutOfMemoryError"), text);
            JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
            System.out.printf("OUTCOME large data set trained one epoch on 2 executors: exit 0 in %.0f s; data_load_s "
                            + "%.1f, train_s %.1f, test accuracy %.2f%%; driver (-Xmx512m) peak heap used %d MB (sampled),"
                            + " peak RSS %d MB; executors (2500m heap) peak RSS %s MB%n",
                    peaks.seconds(), summary.path("data_load_s").asDouble(),
                    summary.path("train_s").asDouble(), 100 * summary.path("test_accuracy").asDouble(),
                    peaks.driverHeap(), peaks.driverResident(), peaks.executors().values());
            assertTrue(summary.path("test_accuracy").asDouble() > 0.6, "did not learn: " + summary);
            assertEquals(TRAIN_ROWS, summary.path("train_examples").asLong(TRAIN_ROWS));
        }
    }
}
