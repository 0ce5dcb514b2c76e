package io.github.sparklstm.run;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.rounds.ResultLimits;
import io.github.sparklstm.distributed.rounds.RoundCost;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.train.Calibration;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --plan}: measures what a plan needs (the data's counts and shape from their metadata, the engine's rate
 * on this JVM, empty rounds on the cluster) and prints the {@link RunPlan}, as text or JSON. Nothing is trained,
 * no data are read into the executors and the output directory is not touched.
 */
public final class Planning {

    /* Classes are counted from the data only when training; the head is a small share of the model's cost. */
    private static final int ASSUMED_CLASSES = 10;

    private Planning() {
    }

    public static int print(SparkSession spark, Config config, PrintStream out, boolean asJson) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slots = sc.defaultParallelism();
        int workers = config.integer("train.workers") > 0 ? config.integer("train.workers") : slots;
        DataCatalog data = DataCatalog.of(spark, DataSettings.of(config));
        long count = data.trainCount();
        long train = count - Math.round(config.real("data.validationFraction") * count);
        if (workers > train) {
            throw new ConfigException("train.workers=" + workers + ": more partitions than the " + train
                    + " training examples");
        }
        int[] shape = data.shape();
        int classes = config.integer("model.classes") > 0 ? config.integer("model.classes") : ASSUMED_CLASSES;
        RunSettings settings = RunSettings.of(config, workers);
        ModelSpec spec = settings.architecture().spec(shape[1], classes);
        int parameters = ParameterLayout.of(spec).size();
        int optimizerValues = Optimizer.of(settings.steps().optimizer())
                .newState(ParameterLayout.of(spec), Precision.FLOAT32).toFloatArray().length;
        int batch = settings.steps().batchSize();
        double rate = Calibration.trainingRate(spec, shape[0], batch, settings.steps().optimizer(), 2.0);
        int probed = Math.max(2, workers);
        boolean averaged = settings.averaging().averageOptimizerState();
        long values = (long) parameters + (averaged ? optimizerValues : 0);
        List<String> failures = new java.util.ArrayList<>(ResultLimits.problems(sc.getConf(), workers, values));
        RoundCost.Exchange rounds;
        try {
            rounds = RoundCost.exchange(sc, settings.averaging().exchange(), workers,
                    config.real("data.validationFraction") > 0, 4 * values);
        } catch (ConfigException e) {
            failures.add(e.getMessage());
            rounds = new RoundCost.Exchange(RoundExchange.Mode.JOBS, "(refused, see below)");
        }
        // Both probes through the exchange this run gets.
        double one = RoundCost.measure(sc, rounds.mode(), 1, parameters, optimizerValues, 5).roundMillis();
        RoundCost.Cost many = RoundCost.measure(sc, rounds.mode(), probed, parameters, optimizerValues, 5);
        RunPlan plan = new RunPlan(train, data.testCount(), workers, slots, sc.isLocal(), batch,
                settings.averaging().period().frequency(), config.integer("train.epochs"), spec, shape[0],
                shape[2], parameters, optimizerValues, rate, one, probed, many.roundMillis(), many.segmentMillis(),
                rounds.description(), failures, config);
        if (asJson) {
            var json = plan.json();
            json.put("classes_assumed", config.integer("model.classes") == 0);
            out.println(json);
        } else {
            out.print(plan.text());
            if (config.integer("model.classes") == 0) {
                out.println("  (the plan assumes " + ASSUMED_CLASSES + " classes; training counts them from the "
                        + "data, or set model.classes)");
            }
        }
        return 0;
    }
}
