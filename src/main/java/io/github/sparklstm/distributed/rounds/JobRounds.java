package io.github.sparklstm.distributed.rounds;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * A Spark job per round: the round is broadcast, every task runs it on its partitions, and treeAggregate brings
 * the contributions back through {@link OrderedSum}. Works wherever Spark does (any number of task slots, dynamic
 * allocation, held-out views), at Spark's fixed cost of a job every round.
 */
final class JobRounds<T> implements RoundExchange {

    private final JavaSparkContext sc;
    private final JavaRDD<T> tasks;
    private final Work<T> work;
    private final int partitions;

    JobRounds(JavaSparkContext sc, JavaRDD<T> partitions, Work<T> work) {
        this.sc = sc;
        this.partitions = partitions.getNumPartitions();
        this.tasks = inRoundTasks(sc, partitions);
        this.work = work;
    }

    /*
     * The partitions of a round grouped into the tasks that run it. In local mode no more than the task slots: with
     * more partitions than slots a task trains several partitions in turn and sums their contributions before they
     * are handed over, where waves of tasks would pay Spark's fixed cost per task (scheduling, (de)serialisation, a
     * result on the driver) again and again (jobs/bench.sh --round-cost measures the fixed cost by partition
     * count). On a cluster every partition stays a task of its own, scheduled where its shard is cached: Spark's
     * coalesce groups partitions by the locations their computation prefers, not by where their cached blocks are,
     * and moved shards would travel every round (LargeDataIT trains 4 partitions on 2 executors). The sum's bits do
     * not depend on the grouping (ReproducibilityTest).
     */
    static <T> JavaRDD<T> inRoundTasks(JavaSparkContext sc, JavaRDD<T> partitions) {
        int tasks = inRoundTaskCount(sc, partitions.getNumPartitions());
        return tasks < partitions.getNumPartitions() ? partitions.coalesce(tasks) : partitions;
    }

    /** How many tasks {@link #inRoundTasks} runs a round of {@code partitions} partitions in. */
    static int inRoundTaskCount(JavaSparkContext sc, int partitions) {
        return sc.isLocal() ? Math.max(1, Math.min(partitions, sc.defaultParallelism())) : partitions;
    }

    @Override
    public Outcome run(Round round) {
        long start = System.nanoTime();
        Broadcast<Round> plan = sc.broadcast(round);
        long sent = System.nanoTime();
        try {
            OrderedSum.Node total = tasks.mapPartitions(new Items<>(work, plan))
                    .treeAggregate(new OrderedSum(partitions), OrderedSum.ADD, OrderedSum.MERGE,
                            OrderedSum.depth(tasks.getNumPartitions()))
                    .total();
            return new Outcome(total, sent - start, System.nanoTime() - sent);
        } finally {
            plan.destroy();
        }
    }

    @Override
    public void pause() {
    }

    @Override
    public void close() {
    }

    /*
     * A named class rather than a lambda: Spark's closure cleaner inspects lambdas' bytecode on every job and
     * executors rebuild them per task, a few milliseconds a round that a plain serializable object avoids.
     */
    private static final class Items<T> implements FlatMapFunction<Iterator<T>, Contribution> {
        private static final long serialVersionUID = 1L;
        private final Work<T> work;
        private final Broadcast<Round> plan;

        Items(Work<T> work, Broadcast<Round> plan) {
            this.work = work;
            this.plan = plan;
        }

        @Override
        public Iterator<Contribution> call(Iterator<T> items) {
            return RoundExchange.contributions(items, work, plan.value());
        }
    }
}
