package io.github.sparklstm.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences of different lengths through the ML API: fit on rows of 1 to 28 steps, transform in batches (run
 * longest first inside) giving each row what it gets alone, and a saved model that says it takes such rows.
 */
class RaggedTransformTest {

    private static SparkSession spark;
    private static Dataset<Row> test;
    private static LstmClassificationModel model;

    @BeforeAll
    static void fitOnce() throws Exception {
        spark = MlTestData.spark();
        test = MlTestData.mnistTrimmed(spark, false, 300);
        model = MlTestData.small().fit(MlTestData.mnistTrimmed(spark, true, 1500));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void batchedTransformGivesEachRowWhatItGetsAlone() {
        List<Row> batched = model.setEvalBatchSize(100).transform(test).orderBy("id").collectAsList();
        List<Row> alone = model.setEvalBatchSize(1).transform(test).orderBy("id").collectAsList();
        model.setEvalBatchSize(100);
        assertEquals(300, batched.size());
        int hits = 0;
        int lengths = 0;
        for (int i = 0; i < batched.size(); i++) {
            double[] a = ((Vector) batched.get(i).getAs("rawPrediction")).toArray();
            double[] b = ((Vector) alone.get(i).getAs("rawPrediction")).toArray();
            for (int k = 0; k < a.length; k++) {
                assertEquals(b[k], a[k], 1e-4 * Math.max(1, Math.abs(b[k])), "row " + i + " logit " + k);
            }
            double prediction = batched.get(i).getAs("prediction");
            hits += (int) prediction == batched.get(i).<Integer>getAs("label") ? 1 : 0;
            lengths += batched.get(i).getList(batched.get(i).fieldIndex("features")).size();
        }
        assertTrue(lengths < 300 * 28, "the test rows are not trimmed");
        assertTrue(hits > 60, "accuracy " + hits + "/300, chance is about 30");
    }

    @Test
    void paddedRowsWithALengthColumnScoreAsTheSequencesThemselves() {
        // Each trimmed sequence padded to 28 steps of junk, its length beside it.
        org.apache.spark.sql.api.java.UDF1<scala.collection.Seq<scala.collection.Seq<Float>>, float[][]> pad = steps -> {
            float[][] out = new float[28][28];
            for (float[] row : out) {
                java.util.Arrays.fill(row, 7f);
            }
            for (int s = 0; s < steps.length(); s++) {
                for (int f = 0; f < 28; f++) {
                    out[s][f] = steps.apply(s).apply(f);
                }
            }
            return out;
        };
        spark.udf().register("pad28", pad, org.apache.spark.sql.types.DataTypes.createArrayType(
                org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.FloatType)));
        Dataset<Row> padded = test.selectExpr("id", "size(features) AS len", "pad28(features) AS features", "label");
        List<Row> expected = model.transform(test).orderBy("id").select("rawPrediction").collectAsList();
        List<Row> actual = model.copy(new org.apache.spark.ml.param.ParamMap()).setLengthCol("len").transform(padded)
                .orderBy("id").select("rawPrediction").collectAsList();
        assertEquals(expected, actual);
    }

    @Test
    void theSavedModelTakesSequencesOfAnyLength(@TempDir Path dir) throws Exception {
        model.write().save(dir.resolve("m").toString());
        String json = Files.readString(dir.resolve("m/model.json"));
        assertTrue(json.replace(" ", "").contains("\"variable_length\":true"), json);
        LstmClassificationModel loaded = LstmClassificationModel.load(dir.resolve("m").toString());
        assertEquals(model.transform(test).orderBy("id").select("prediction").collectAsList(),
                loaded.transform(test).orderBy("id").select("prediction").collectAsList());
    }
}
