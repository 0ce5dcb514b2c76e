package io.github.sparklstm.ml;

import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.MnistFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A local Spark session on 127.0.0.1 and MNIST rows as a DataFrame, for the ML tests. */
final class MlTestData {

    private MlTestData() {
    }

    static SparkSession spark() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("spark-lstm-ml-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * The first {@code n} MNIST images of a set as rows (id, features: 28 steps of 28 values pixel/255, label), in
     * file order: the sequences the job reads from the IDX files.
     */
    static Dataset<Row> mnist(SparkSession spark, boolean train, int n) throws IOException {
        return mnist(spark, train, n, ImageView.ROWS);
    }

    /**
     * As {@link #mnist}, but each image's rows from the first to the last with ink (the job's rows-trimmed view):
     * sequences of 1 to 28 steps.
     */
    static Dataset<Row> mnistTrimmed(SparkSession spark, boolean train, int n) throws IOException {
        return mnist(spark, train, n, ImageView.ROWS_TRIMMED);
    }

    private static Dataset<Row> mnist(SparkSession spark, boolean train, int n, String viewName) throws IOException {
        Path dir = Path.of("data/mnist");
        LabeledImages images = (train ? MnistFiles.readTrain(dir) : MnistFiles.readTest(dir)).subset(0, n);
        ImageView view = ImageView.of(viewName, 28, 28, 0);
        List<Row> rows = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            int[] kept = view.stepsOf(images.pixels(), e * 784);
            float[][] steps = new float[kept[1]][28];
            for (int s = 0; s < kept[1]; s++) {
                for (int f = 0; f < 28; f++) {
                    steps[s][f] = ImageView.raw(images.pixel(e, (kept[0] + s) * 28 + f));
                }
            }
            rows.add(RowFactory.create((long) e, steps, images.label(e)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
                .add("label", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema);
    }

    /** The job's small test setup as Estimator settings: 16 units, 2 epochs of batches of 50, 3 workers. */
    static LstmClassifier small() {
        return new LstmClassifier().setHiddenSize(16).setBatchSize(50).setEpochs(2).setAveragingFrequency(3)
                .setNumWorkers(3).setEvalBatchSize(100);
    }
}
