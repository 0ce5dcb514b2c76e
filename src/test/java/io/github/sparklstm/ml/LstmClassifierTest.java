package io.github.sparklstm.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.cli.Main;
import io.github.sparklstm.config.ConfigKeys;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Estimator and its Model: Params as Spark expects them, fit on the job's trainer, transform's columns. */
class LstmClassifierTest {

    private static SparkSession spark;
    private static Dataset<Row> train;
    private static Dataset<Row> test;
    private static LstmClassificationModel model;

    @BeforeAll
    static void fitOnce() throws Exception {
        spark = MlTestData.spark();
        train = MlTestData.mnist(spark, true, 1500);
        test = MlTestData.mnist(spark, false, 300);
        model = MlTestData.small().fit(train);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void paramsAreFoundByReflectionWithTheJobsDefaults() {
        LstmClassifier estimator = new LstmClassifier("lstm-test");
        assertEquals("lstm-test", estimator.uid());
        List<String> names = java.util.Arrays.stream(estimator.params()).map(Param::name).toList();
        for (String name : List.of("hiddenSize", "numLayers", "peepholes", "epochs", "batchSize", "numWorkers",
                "averagingFrequency", "optimizer", "learningRate", "schedule", "clipNorm", "seed", "averagingMethod",
                "optimizerState", "checkpointDir", "featuresCol", "labelCol", "predictionCol", "probabilityCol",
                "rawPredictionCol", "predictedLabelCol", "averagingExamples", "globalBatchLimit",
                "learningRateScaling", "scalingWarmupEpochs", "earlyAveragingFrequency", "earlyAveragingEpochs",
                "serverLearningRate", "serverBeta1", "serverBeta2", "serverEpsilon")) {
            assertTrue(names.contains(name), name + " missing from " + names);
        }
        assertEquals(Integer.parseInt(ConfigKeys.get("model.hidden").defaultValue()), estimator.getHiddenSize());
        assertEquals(Double.parseDouble(ConfigKeys.get("train.learningRate").defaultValue()),
                estimator.getLearningRate());
        assertEquals(ConfigKeys.get("train.optimizer").defaultValue(), estimator.getOptimizer());
        assertTrue(estimator.explainParams().contains("hiddenSize: LSTM units per layer"));
        LstmClassifier copy = estimator.setHiddenSize(7).copy(ParamMap.empty().put(estimator.epochs(), 3));
        assertEquals(7, copy.getHiddenSize());
        assertEquals(3, copy.getEpochs());
        assertEquals("lstm-test", copy.uid());
        assertThrows(IllegalArgumentException.class, () -> estimator.setHiddenSize(0));
        assertThrows(IllegalArgumentException.class, () -> estimator.setOptimizer("lbfgs"));
    }

    @Test
    void fitTrainsTheJobsModelBitForBit(@TempDir Path dir) throws Exception {
        // The job on the same 1500 images from the IDX files, with the same settings.
        Path run = dir.resolve("job");
        int code = io.github.sparklstm.cli.Main.run(new String[] {"data.path=data/mnist", "data.trainLimit=1500",
            "data.testLimit=300", "model.hidden=16", "train.batchSize=50", "train.epochs=2",
            "train.averagingFrequency=3", "train.workers=3", "log.progress=none", "output=" + run},
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err);
        assertEquals(0, code);
        SavedModel job = ModelFiles.read(run.resolve("model"));
        spark = MlTestData.spark(); // the job stopped the shared context
        train = MlTestData.mnist(spark, true, 1500);
        test = MlTestData.mnist(spark, false, 300);
        assertEquals(job.format().scaling(), model.savedModel().format().scaling());
        assertArrayEquals(job.parameters(), model.savedModel().parameters());
        // transform scores the test images as the job's evaluation did.
        long hits = model.transform(test).where("prediction = label").count();
        double jobAccuracy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                run.resolve("summary.json").toFile()).path("test_accuracy").asDouble();
        assertEquals(jobAccuracy, hits / 300.0, 1e-12);
    }

    @Test
    void aFitSmallForItsPartitionsLogsItOnce() {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager
                .getContext(false);
        var capture = new org.apache.logging.log4j.core.appender.AbstractAppender("fit-warnings", null, null, true,
                org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
            @Override
            public void append(org.apache.logging.log4j.core.LogEvent event) {
                if (event.getLoggerName().equals(LstmClassifier.class.getName())) {
                    warnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
        try {
            // 500 examples a partition, 10 minibatches an epoch averaged every 3: 4 rounds, but 20 steps in all.
            MlTestData.small().setEpochs(2).fit(train);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender(capture.getName());
            context.updateLoggers();
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("fit: a small run for 3 partitions: 4 rounds an epoch and 20 steps"),
                warnings.get(0));
    }

    @Test
    void transformAddsTheFourColumnsOnTheExecutors() {
        Dataset<Row> scored = model.transform(test);
        assertEquals(List.of("id", "features", "label", "rawPrediction", "probability", "prediction",
                "predictedLabel"), List.of(scored.schema().fieldNames()));
        List<Row> rows = scored.collectAsList();
        assertEquals(300, rows.size());
        int hits = 0;
        for (Row row : rows) {
            Vector p = row.getAs("probability");
            double sum = 0;
            for (double v : p.toArray()) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-9);
            double prediction = row.getAs("prediction");
            assertEquals(((Vector) row.getAs("rawPrediction")).argmax(), (int) prediction);
            assertEquals((int) prediction, (int) row.<Integer>getAs("predictedLabel"));
            hits += (int) prediction == row.<Integer>getAs("label") ? 1 : 0;
        }
        assertTrue(hits > 60, "accuracy " + hits + "/300, chance is about 30");
        assertEquals(10, model.numClasses());
        assertEquals(test.count(), model.setPredictionCol("").setRawPredictionCol("").transform(test).count());
        model.setPredictionCol("prediction").setRawPredictionCol("rawPrediction");
    }

    @Test
    void historyHasRoundsAndEpochs() {
        Dataset<Row> history = model.history();
        assertEquals(8, history.where("type = 'round'").count());
        List<Row> epochs = history.where("type = 'epoch'").orderBy("epoch").collectAsList();
        assertEquals(2, epochs.size());
        assertTrue(epochs.get(1).<Double>getAs("train_loss") < epochs.get(0).<Double>getAs("train_loss"));
    }

    @Test
    void aFitWithACheckpointDirResumesItsOwnCheckpointsAndKeepsOthersApart(@TempDir Path dir) throws Exception {
        LstmClassifier estimator = MlTestData.small().setCheckpointDir(dir.resolve("cp").toString());
        LstmClassificationModel first = estimator.fit(train);
        assertArrayEquals(model.savedModel().parameters(), first.savedModel().parameters());
        LstmClassificationModel resumed = estimator.fit(train);
        assertArrayEquals(first.savedModel().parameters(), resumed.savedModel().parameters());
        try (var fits = java.nio.file.Files.list(dir.resolve("cp"))) {
            assertEquals(1, fits.count(), "the same fit twice is one fit");
        }
        LstmClassificationModel other = estimator.setLearningRate(0.02).fit(train);
        assertTrue(!java.util.Arrays.equals(first.savedModel().parameters(), other.savedModel().parameters()));
        LstmClassificationModel fewer = estimator.setLearningRate(0.01).fit(train.limit(1000));
        assertTrue(!java.util.Arrays.equals(first.savedModel().parameters(), fewer.savedModel().parameters()),
                "other data must not resume this fit's checkpoints");
        try (var fits = java.nio.file.Files.list(dir.resolve("cp"))) {
            assertEquals(3, fits.count());
        }
    }

    @Test
    void aValidationShareAndEarlyStoppingWorkInFitToo() {
        LstmClassificationModel stopped = MlTestData.small().setValidationFraction(0.2).setEpochs(40)
                .setLearningRate(0.05).setSchedule("constant").setEarlyStoppingPatience(2).setKeep("best").fit(train);
        Dataset<Row> history = stopped.history();
        long validations = history.where("type = 'validation'").count();
        assertTrue(validations >= 3 && validations < 40, validations + " validations");
        assertEquals(validations, history.where("type = 'epoch'").count());
    }

    @Test
    void badColumnsAreNamedAsTheJobNamesThem() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MlTestData.small().setFeaturesCol("feature").fit(train));
        assertTrue(missing.getMessage().contains("no column feature (featuresCol); did you mean features?"),
                missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> model.transform(test.withColumn("features", test.col("id").cast("string"))));
        assertTrue(type.getMessage().contains("features column features has type string; allowed:"),
                type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.transformSchema(test.drop("features").schema()));
    }
}
