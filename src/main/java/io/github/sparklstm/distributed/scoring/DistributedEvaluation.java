package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.ShardedData;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.train.Evaluation;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** A model evaluated on the executors over a cached data set, the parts merged in partition order. */
public final class DistributedEvaluation {

    private DistributedEvaluation() {
    }

    /** {@code parameters} of {@code spec} on the test set of {@code data}, in minibatches of {@code batchSize}. */
    public static Evaluation evaluate(JavaSparkContext sc, ModelSpec spec, InputScaling scaling, float[] parameters,
                                      CachedData data, int batchSize) {
        return evaluate(sc, spec, scaling, parameters, data.test(), batchSize);
    }

    /** As above over {@code shards}: a text's consecutive windows ({@link ShardedData#contiguous}) carry state. */
    public static Evaluation evaluate(JavaSparkContext sc, ModelSpec spec, InputScaling scaling, float[] parameters,
                               ShardedData shards, int batchSize) {
        Broadcast<EvaluationTask.Request> request = sc.broadcast(
                new EvaluationTask.Request(spec, scaling, batchSize, parameters, shards.contiguous()));
        try {
            List<EvaluationTask.Part> parts = shards.rdd()
                    .mapPartitions(new EvaluationTask.Function(request))
                    .collect();
            Evaluation total = new Evaluation(spec.classes());
            parts.stream().sorted(Comparator.comparingInt(EvaluationTask.Part::partition))
                    .forEach(part -> total.merge(part.evaluation()));
            return total;
        } finally {
            request.destroy();
        }
    }
}
