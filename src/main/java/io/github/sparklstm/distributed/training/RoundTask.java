package io.github.sparklstm.distributed.training;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.distributed.data.Shard;
import io.github.sparklstm.distributed.rounds.Contribution;
import io.github.sparklstm.distributed.rounds.Round;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.ReplicaDrift;
import io.github.sparklstm.train.Replica;
import io.github.sparklstm.train.StepStats;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of a round: for each partition of the task, load the broadcast parameters into this thread's
 * replica, train on the round's minibatches of the partition, send back parameters and statistics. The replica (its
 * ND4J buffers) and each partition's example order for the epoch are kept per task thread between rounds;
 * everything that decides the result arrives with the round, so a retried or moved task computes the same bits.
 */
final class RoundTask {

    static {
        ComputeThreads.limit(1);
    }

    /** Per task thread: the replica for the last plan seen, the batch builder of its last shard, the orders. */
    private static final ThreadLocal<ThreadCache> CACHE = new ThreadLocal<>();

    private RoundTask() {
    }

    /** The training of a round: each item is a partition's cached shard. */
    static final class Training implements RoundExchange.Work<Shard> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ReplicaSetup> trainingPlan;

        Training(Broadcast<ReplicaSetup> trainingPlan) {
            this.trainingPlan = trainingPlan;
        }

        @Override
        public Contribution run(Shard shard, Round round, long enteredNanos) {
            return train(shard, trainingPlan.value(), round, enteredNanos);
        }
    }

    private static Contribution train(Shard shard, ReplicaSetup plan, Round round, long entered) {
        plan.faults().beforeRound(round, shard.partition());
        ThreadCache cached = ThreadCache.forThread(plan, shard);
        Replica replica = cached.replica;
        replica.parameters().copyFrom(round.parameters());
        if (plan.averageOptimizerState()) {
            replica.optimizerState().copyFrom(round.optimizerState(), round.optimizerUpdates());
        } else {
            replica.optimizerState().reset();
        }
        replica.setBatchHook(plan.faults().poisonsBatch(round, shard.partition()) ? RoundTask::poison : null);
        int[] order = cached.order(plan.steps().seed(), round.epoch());
        var scaled = new LearningRateSchedule.Scaled(plan.schedule(), round.learningRateScale());
        long trained = System.nanoTime();
        StepStats stats = replica.train(cached.batches, order, round.firstBatch(), round.batches(),
                round.globalStep(), scaled, plan.steps().clipNorm());
        long packing = System.nanoTime();
        float[] state = plan.averageOptimizerState() ? replica.optimizerState().toFloatArray() : new float[0];
        float[] parameters = replica.parameters().toFloatArray();
        double movement = ReplicaDrift.squaredDistance(parameters, round.parameters());
        return new Contribution(shard.partition(), parameters, state, stats, trained - entered,
                System.nanoTime() - packing, movement);
    }

    private static SequenceBatch poison(SequenceBatch batch) {
        batch.inputs()[0] = Float.NaN;
        return batch;
    }

    /*
     * The replica (its ND4J buffers, tens of MB) lives as long as the thread and the plan; the batch builder follows
     * whichever shard the thread trains now, and each shard's example order is kept for its epoch, since a thread
     * may train several shards a round.
     */
    private static final class ThreadCache {
        final ReplicaSetup plan;
        final Replica replica;
        final java.util.Map<Integer, int[]> orders = new java.util.HashMap<>();
        Shard shard;
        BatchBuilder batches;
        int orderEpoch = -1;

        private ThreadCache(ReplicaSetup plan, Replica replica) {
            this.plan = plan;
            this.replica = replica;
            replica.setCarryState(plan.steps().carryState());
        }

        static ThreadCache forThread(ReplicaSetup plan, Shard shard) {
            ThreadCache cached = CACHE.get();
            if (cached == null || !cached.plan.equals(plan)) {
                cached = new ThreadCache(plan, new Replica(plan.spec(), plan.format().steps(), plan.steps().batchSize(),
                        plan.steps().optimizer()));
                CACHE.set(cached);
            }
            if (cached.shard != shard) {
                cached.shard = shard;
                cached.batches = new BatchBuilder(shard.examples(), plan.format().scaling(), plan.steps().batchSize());
            }
            return cached;
        }

        int[] order(long seed, int epoch) {
            if (epoch != orderEpoch) {
                orders.clear();
                orderEpoch = epoch;
            }
            // A function of the shard's examples, the seed, the epoch and the partition: a shard recomputed after
            // an executor's loss has the same examples, so its order is the same too.
            return orders.computeIfAbsent(shard.partition(), p -> EpochOrder.forTraining(shard.examples(),
                    plan.steps().batchSize(), seed, epoch, p, plan.steps().carryState()));
        }
    }
}
