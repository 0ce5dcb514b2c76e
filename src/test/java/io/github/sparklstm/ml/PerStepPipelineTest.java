package io.github.sparklstm.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-step estimator in Spark ML's tools: a Pipeline that fits, saves and loads to the same predictions, and a
 * CrossValidator that chooses by {@link StepEvaluator}, whose metrics are the job's.
 */
class PerStepPipelineTest {

    private static SparkSession spark;
    private static Dataset<Row> data;

    @BeforeAll
    static void start() {
        spark = MlTestData.spark();
        SplittableRandom random = new SplittableRandom(7);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 400; r++) {
            int length = 3 + random.nextInt(5);
            int[] symbols = random.ints(length, 0, 3).toArray();
            double[][] steps = new double[length][3];
            String[] labels = new String[length];
            for (int t = 0; t < length; t++) {
                steps[t][symbols[t]] = 1;
                labels[t] = t + 1 < length ? "next" + symbols[t + 1] : null;
            }
            rows.add(RowFactory.create(r, steps, labels));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                .add("label", DataTypes.createArrayType(DataTypes.StringType));
        data = spark.createDataFrame(rows, schema).repartition(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static LstmClassifier estimator() {
        return new LstmClassifier().setOutput("steps").setBidirectional(true).setHiddenSize(8).setEpochs(3)
                .setBatchSize(20).setNumWorkers(2).setAveragingFrequency(2).setNormalize("none")
                .setLearningRate(0.03);
    }

    @Test
    void aPipelineFitsSavesAndLoadsToTheSamePredictions(@TempDir Path dir) throws Exception {
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(data);
        model.write().overwrite().save(dir.resolve("pipeline").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());
        List<Row> before = model.transform(data).orderBy("id").select("predictedLabel").collectAsList();
        List<Row> after = loaded.transform(data).orderBy("id").select("predictedLabel").collectAsList();
        assertEquals(before, after);
        double accuracy = new StepEvaluator().evaluate(model.transform(data));
        System.out.printf("PERSTEP pipeline accuracy per step %.4f%n", accuracy);
        assertTrue(accuracy > 0.6, "per-step accuracy " + accuracy);
    }

    @Test
    void theEvaluatorCountsLabelledStepsAsTheJobDoes() {
        StructType schema = new StructType()
                .add("label", DataTypes.createArrayType(DataTypes.StringType))
                .add("predictedLabel", DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> scored = spark.createDataFrame(List.of(
                RowFactory.create(new String[] {"a", "b", null}, new String[] {"a", "b", "c"}),
                RowFactory.create(new String[] {"c", "b"}, new String[] {"a", "b"})), schema);
        StepEvaluator evaluator = new StepEvaluator();
        assertEquals(0.75, evaluator.evaluate(scored), 1e-15);
        assertEquals(0.5, evaluator.setMetricName("sequenceAccuracy").evaluate(scored), 1e-15);
        // a: P 1/2 R 1 F1 2/3; b: 1; c: never predicted where labelled, F1 0.
        assertEquals((2.0 / 3 + 1 + 0) / 3, evaluator.setMetricName("macroF1").evaluate(scored), 1e-15);
    }

    @Test
    void aCrossValidatorChoosesByTheStepEvaluator() {
        LstmClassifier lstm = estimator().setEpochs(2);
        ParamMap[] grid = new ParamGridBuilder().addGrid(lstm.hiddenSize(), new int[] {4, 8}).build();
        CrossValidatorModel chosen = new CrossValidator().setEstimator(lstm).setEstimatorParamMaps(grid)
                .setEvaluator(new StepEvaluator().setMetricName("macroF1")).setNumFolds(2).fit(data);
        assertEquals(2, chosen.avgMetrics().length);
        LstmClassificationModel best = (LstmClassificationModel) chosen.bestModel();
        double bestMetric = Math.max(chosen.avgMetrics()[0], chosen.avgMetrics()[1]);
        assertEquals(chosen.avgMetrics()[0] >= chosen.avgMetrics()[1] ? 4 : 8, best.getHiddenSize(),
                "the best of " + java.util.Arrays.toString(chosen.avgMetrics()) + " (" + bestMetric + ")");
    }
}
