package io.github.sparklstm.cli;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.scoring.DistributedEvaluation;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.run.RunDirectory;
import io.github.sparklstm.run.Summaries;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.Evaluation;
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
 * {@code jobs/evaluate.sh --model runs/<run>/model [key=value ...]}. Exit codes as {@link Failures}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model on a test set and prints JSON.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (any Hadoop path)")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "IDX directory, the same as data.path=DIR")
    String data;

    @Option(names = "--batch-size", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batchSize = 500;

    @Parameters(paramLabel = "key=value", description = "data settings of the test set, as in training")
    List<String> overrides = new ArrayList<>();

    private final PrintStream out;

    EvaluateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<String> settings = new ArrayList<>(overrides);
        if (data != null) {
            settings.add("data.path=" + data);
        }
        Config config = Config.load((java.nio.file.Path) null, settings);
        config.requireTables("data.test");
        SparkConf conf = SparkSetup.sparkConf().setAppName("spark-lstm-evaluate");
        SavedModel saved = ModelDirectory.read(HadoopStore.at(model, SparkSetup.hadoopConfiguration(conf)));
        try (SparkSession spark = SparkSetup.start(conf)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            DataCatalog plan = DataCatalog.ofTest(spark, DataSettings.of(config), saved.format());
            try (CachedData test = plan.loadTest(sc.defaultParallelism(), saved.format(), saved.labels())) {
                Evaluation evaluation = DistributedEvaluation.evaluate(sc, saved.spec(), saved.format().scaling(),
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
