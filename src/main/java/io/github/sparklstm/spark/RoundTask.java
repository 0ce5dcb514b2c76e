package io.github.sparklstm.spark;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.train.Replica;
import io.github.sparklstm.train.StepStats;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of a round: load the broadcast parameters into this thread's replica, train on the round's
 * minibatches of the partition, send back parameters and statistics. The replica (its ND4J buffers) and the
 * epoch's example order are kept per task thread between rounds; everything that decides the result arrives with
 * the round, so a retried or moved task computes the same bits.
 */
final class RoundTask {

    static {
        ComputeThreads.limit(1);
    }

    /** Per task thread: the replica and the batch builder for the last shard and plan seen. */
    private static final ThreadLocal<WorkerCache> CACHE = new ThreadLocal<>();

    private RoundTask() {
    }

    /*
     * A named class rather than a lambda: Spark's closure cleaner inspects lambdas' bytecode on every job and
     * executors rebuild them per task, a few milliseconds a round that a plain serializable object avoids.
     */
    static final class Function implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Shard>,
            Contribution> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<TrainingPlan> trainingPlan;
        private final Broadcast<RoundPlan> roundPlan;

        Function(Broadcast<TrainingPlan> trainingPlan, Broadcast<RoundPlan> roundPlan) {
            this.trainingPlan = trainingPlan;
            this.roundPlan = roundPlan;
        }

        @Override
        public Iterator<Contribution> call(Iterator<Shard> shards) {
            return run(shards, trainingPlan, roundPlan);
        }
    }

    static Iterator<Contribution> run(Iterator<Shard> shards, Broadcast<TrainingPlan> trainingPlan,
                                      Broadcast<RoundPlan> roundPlan) {
        long entered = System.nanoTime();
        Shard shard = shards.next();
        TrainingPlan plan = trainingPlan.value();
        RoundPlan round = roundPlan.value();
        plan.faults().beforeRound(round, shard.partition());
        WorkerCache worker = WorkerCache.forThread(plan, shard);
        Replica replica = worker.replica;
        replica.parameters().copyFrom(round.parameters());
        if (plan.averageOptimizerState()) {
            replica.optimizerState().copyFrom(round.optimizerState(), round.optimizerUpdates());
        } else {
            replica.optimizerState().reset();
        }
        replica.setBatchHook(plan.faults().poisonsBatch(round, shard.partition()) ? RoundTask::poison : null);
        int[] order = worker.order(plan.seed(), round.epoch());
        var scaled = new LearningRateSchedule.Scaled(plan.schedule(), round.learningRateScale());
        long trained = System.nanoTime();
        StepStats stats = replica.train(worker.batches, order, round.firstBatch(), round.batches(),
                round.globalStep(), scaled, plan.clipNorm());
        long packing = System.nanoTime();
        float[] state = plan.averageOptimizerState() ? replica.optimizerState().toFloatArray() : new float[0];
        float[] parameters = replica.parameters().toFloatArray();
        return List.of(new Contribution(shard.partition(), parameters, state, stats, trained - entered,
                System.nanoTime() - packing)).iterator();
    }

    private static SequenceBatch poison(SequenceBatch batch) {
        batch.inputs()[0] = Float.NaN;
        return batch;
    }

    /*
     * The replica (its ND4J buffers, tens of MB) lives as long as the thread and the plan; the shard's batches and
     * example order follow whichever partition the thread runs this round.
     */
    private static final class WorkerCache {
        final TrainingPlan plan;
        final Shard shard;
        final Replica replica;
        final BatchBuilder batches;
        int orderEpoch = -1;
        int[] order;

        private WorkerCache(TrainingPlan plan, Shard shard, Replica replica) {
            this.plan = plan;
            this.shard = shard;
            this.replica = replica;
            batches = new BatchBuilder(shard.examples(), plan.format().scaling(), plan.batchSize());
        }

        static WorkerCache forThread(TrainingPlan plan, Shard shard) {
            WorkerCache cached = CACHE.get();
            if (cached == null || !cached.plan.equals(plan) || cached.shard != shard) {
                Replica replica = cached != null && cached.plan.equals(plan) ? cached.replica
                        : new Replica(plan.spec(), plan.format().steps(), plan.batchSize(), plan.optimizer());
                cached = new WorkerCache(plan, shard, replica);
                CACHE.set(cached);
            }
            return cached;
        }

        int[] order(long seed, int epoch) {
            if (epoch != orderEpoch) {
                order = EpochOrder.forTraining(shard.examples(), plan.batchSize(), seed, epoch, shard.partition());
                orderEpoch = epoch;
            }
            return order;
        }
    }
}
