package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.distributed.data.Shard;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.train.Evaluation;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/** The executor side of evaluation: one partition's examples through this thread's copy of the model. */
final class EvaluationTask {

    static {
        ComputeThreads.limit(1);
    }

    /** The model to evaluate, broadcast with its parameters; {@code carryState}: the shards are texts' streams. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Request(ModelSpec spec, InputScaling scaling, int batchSize, float[] parameters, boolean carryState)
            implements Serializable {
    }

    /** One partition's result, tagged so the driver merges in partition order. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Part(int partition, Evaluation evaluation) implements Serializable {
    }

    private static final ThreadLocal<LstmNetwork> MODEL = new ThreadLocal<>();

    private EvaluationTask() {
    }

    /* A named class rather than a lambda: see JobRounds.Items. */
    static final class Function implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Shard>, Part> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Request> request;

        Function(Broadcast<Request> request) {
            this.request = request;
        }

        @Override
        public Iterator<Part> call(Iterator<Shard> shards) {
            return run(shards, request);
        }
    }

    static Iterator<Part> run(Iterator<Shard> shards, Broadcast<Request> request) {
        Shard shard = shards.next();
        Request r = request.value();
        LstmNetwork model = MODEL.get();
        int steps = shard.examples().steps();
        if (model == null || !model.spec().equals(r.spec()) || model.steps() != steps
                || model.maxBatch() != r.batchSize()) {
            model = LstmNetwork.create(r.spec(), steps, r.batchSize());
            MODEL.set(model);
        }
        model.parameters().copyFrom(r.parameters());
        return List.of(new Part(shard.partition(), Evaluation.of(model, shard.examples(), r.scaling(),
                r.carryState()))).iterator();
    }
}
