package io.github.sparklstm.job;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.spark.DataSettings;
import io.github.sparklstm.spark.DataPlan;
import io.github.sparklstm.spark.Evaluator;
import io.github.sparklstm.spark.LoadedData;
import io.github.sparklstm.store.HadoopStore;
import io.github.sparklstm.store.ModelDirectory;
import io.github.sparklstm.train.Evaluation;
import io.github.sparklstm.train.SavedModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads a saved model directory and evaluates it on a test set on the executors (local Spark by default): prints
 * the summary as JSON. The test set is given with the training job's data keys (data.format, data.test, data.path,
 * columns, data.testLimit); input scaling, view and class labels are the model's.
 * {@code jobs/evaluate.sh --model runs/<run>/model [key=value ...]}. Exit codes as {@link TrainJob}.
 */
@Command(name = "spark-lstm-evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model on a test set and prints JSON.")
public final class EvaluateModel implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (any Hadoop path)")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "IDX directory, the same as data.path=DIR")
    String data;

    @Option(names = "--batch-size", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batchSize = 500;

    @Parameters(paramLabel = "key=value", description = "data settings of the test set, as in training")
    List<String> overrides = new ArrayList<>();

    private final PrintStream out;

    EvaluateModel(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return TrainJob.execute(new EvaluateModel(out), args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        List<String> settings = new ArrayList<>(overrides);
        if (data != null) {
            settings.add("data.path=" + data);
        }
        Config config = Config.load((java.nio.file.Path) null, settings);
        config.requireTables("data.test");
        SparkConf conf = TrainJob.sparkConf().setAppName("spark-lstm-evaluate");
        SavedModel saved = ModelDirectory.read(HadoopStore.at(model, TrainJob.hadoopConfiguration(conf)));
        try (SparkSession spark = TrainJob.startSpark(conf)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            DataPlan plan = DataPlan.ofTest(spark, DataSettings.of(config), saved.format());
            try (LoadedData test = plan.loadTest(sc.defaultParallelism(), saved.format(), saved.labels())) {
                Evaluation evaluation = Evaluator.evaluate(sc, saved.spec(), saved.format().scaling(),
                        saved.parameters(), test, batchSize);
                var summary = Summaries.of(evaluation, saved.labels());
                summary.put("model", HadoopStore.at(model, sc.hadoopConfiguration()).location());
                summary.put("test", plan.describeTest());
                out.println(RunDirectory.JSON.copy()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary));
            }
        }
        return 0;
    }
}
