package io.github.sparklstm.bench;

import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.spark.RoundCost;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The fixed cost of a round as a function of the partition count: empty rounds (the default model's parameters and
 * Adam state broadcast, a copy of them back from every partition, summed along the training's tree) on the job's
 * own Spark settings, each broken down by {@link RoundCost#breakdown}.
 */
final class RoundCostTable {

    private static final int REPEATS = 9;

    private RoundCostTable() {
    }

    static void print(String master, int hidden, List<Integer> partitionCounts) throws InterruptedException {
        ModelSpec spec = new ModelSpec(28, hidden, 1, false, 10);
        ParameterLayout layout = ParameterLayout.of(spec);
        int parameters = layout.size();
        int optimizerValues = Optimizer.of(OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM))
                .newState(layout, Precision.FLOAT32).toFloatArray().length;
        SparkConf conf = io.github.sparklstm.job.TrainJob.sparkConf().setMaster(master)
                .setAppName("spark-lstm-round-cost").setIfMissing("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            System.out.printf("round cost on %s: %,d parameters + %,d Adam values each way per partition, median "
                    + "of %d empty rounds after an untimed pass; per-task columns are medians over their tasks%n",
                    master, parameters,
                    optimizerValues, REPEATS);
            System.out.println("| partitions | stages | round ms | broadcast ms | job ms | task: scheduler delay ms "
                    + "| deserialize ms | run ms | result serialize ms | getting result ms |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            // A pass untimed first: the first rounds of a JVM run at a fraction of the speed (JIT, class loading).
            for (int partitions : partitionCounts) {
                RoundCost.breakdown(sc, partitions, parameters, optimizerValues, 3);
            }
            for (int partitions : partitionCounts) {
                RoundCost.Breakdown b = RoundCost.breakdown(sc, partitions, parameters, optimizerValues, REPEATS);
                System.out.printf("| %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                        b.partitions(), b.stages(), b.roundMillis(), b.broadcastMillis(), b.jobMillis(),
                        b.schedulerDelayMillis(), b.deserializeMillis(), b.runMillis(), b.resultSerializeMillis(),
                        b.gettingResultMillis());
            }
        }
    }
}
