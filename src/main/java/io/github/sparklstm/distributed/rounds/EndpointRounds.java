package io.github.sparklstm.distributed.rounds;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rpc.RpcEndpointRef;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Rounds without a Spark job each: one barrier job runs a long-lived task per slot, which takes round after round
 * from the driver's {@link RoundEndpoint} and hands back its partitions' summed contributions, until the driver
 * needs the slots for something else (an evaluation at the end of an epoch). Spark's fixed cost of a job
 * (scheduling, task launch and (de)serialisation, result handling; jobs/bench.sh --round-cost measures it) is paid
 * once per such segment instead of every round. The round's plan still travels as a
 * broadcast and the contributions are summed along the same tree, so the bits are those of {@link JobRounds}.
 *
 * <p>Recovery: the loop's stage is a barrier stage followed by a shuffle of nothing, which makes it a map stage;
 * Spark re-runs a failed barrier map stage whole (up to spark.stage.maxConsecutiveAttempts times; a failed barrier
 * result stage it would not retry), and the endpoint has the new attempt redo the round in progress.
 */
public final class EndpointRounds<T> implements RoundExchange {

    private final JavaSparkContext sc;
    private final RDD<Object> input;
    private final Source<T> source;
    private final Work<T> work;
    private final int partitions;
    private final RoundEndpoint endpoint;
    private JavaFutureAction<Long> job;
    private int segments;

    EndpointRounds(JavaSparkContext sc, JavaRDD<T> partitions, Work<T> work) {
        this.sc = sc;
        this.partitions = partitions.getNumPartitions();
        int tasks = JobRounds.inRoundTaskCount(sc, this.partitions);
        if (tasks == this.partitions && !isView(partitions)) {
            this.input = objects(partitions.rdd());
            this.source = new Own<>();
        } else {
            List<Integer> groups = new ArrayList<>();
            for (int g = 0; g < tasks; g++) {
                groups.add(g);
            }
            this.input = objects(sc.parallelize(groups, tasks).rdd());
            this.source = new Grouped<>(partitions.rdd(), tasks);
        }
        this.work = work;
        this.endpoint = RoundEndpoint.register(this.partitions);
    }

    /**
     * Why rounds over {@code count} partitions cannot run through the endpoint here ("" when they can;
     * {@code heldOutView}: the partitions are a view of a cached data set with others): a barrier job
     * needs a fixed set of executors with a slot for each of its tasks at once, its stage may not prune or merge
     * partitions on a cluster, and the round's plan and partial sums must fit in one RPC message.
     */
    static String unsupported(JavaSparkContext sc, int count, boolean heldOutView, long roundBytes) {
        SparkConf conf = sc.getConf();
        List<String> against = new ArrayList<>();
        if (!sc.isLocal() && conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            against.add("spark.dynamicAllocation.enabled=true (a barrier job needs a fixed set of executors)");
        }
        if (!sc.isLocal()) {
            // The check Spark itself makes before a barrier stage (an internal API, like RoundEndpoint's), made
            // first so as to fall back rather than have Spark retry it for minutes and fail.
            int slots = sc.sc().maxNumConcurrentTasks(sc.sc().resourceProfileManager().defaultResourceProfile());
            if (count > slots) {
                against.add(count + " partitions but " + slots + " task slots (a barrier job runs all its tasks at "
                        + "once)");
            }
            if (heldOutView) {
                against.add("the training partitions share a cached data set with held-out ones");
            }
        }
        // Partial sums of several partitions travel as doubles; spark.rpc.message.maxSize is in MiB.
        long limit = (long) conf.getInt("spark.rpc.message.maxSize", 128) << 20;
        if (2 * roundBytes > limit - (1 << 20)) {
            against.add("a round's partial sum (" + (2 * roundBytes >> 20) + " MB) exceeds spark.rpc.message.maxSize");
        }
        return String.join("; ", against);
    }

    /*
     * What a task trains. On a cluster each partition is a task of its own, scheduled where its shard is cached, as
     * in JobRounds. In local mode a task takes several partitions when they outnumber the slots (or when they are a
     * view of a larger cached set); a barrier stage may not coalesce or prune partitions, so such a task is one of
     * a few plain partitions and reads its group's cached shards itself, through their RDD's own iterator. Spark's
     * scheduler does not see that dependency and could not recompute a lost shard's shuffle input, which is why only
     * local mode does this: there the shuffle files live as long as the process.
     */
    private interface Source<T> extends Serializable {
        List<T> items(scala.collection.Iterator<?> input, BarrierTaskContext task);
    }

    /** The task's own partition. */
    private static final class Own<T> implements Source<T> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public List<T> items(scala.collection.Iterator<?> input, BarrierTaskContext task) {
            List<T> items = new ArrayList<>();
            while (input.hasNext()) {
                items.add((T) input.next());
            }
            return items;
        }
    }

    /** Group g of the parent's partitions: g, g + groups, g + 2·groups, … (local mode). */
    private static final class Grouped<T> implements Source<T> {
        private static final long serialVersionUID = 1L;
        private final RDD<T> parent;
        private final org.apache.spark.Partition[] members;
        private final int groups;

        Grouped(RDD<T> parent, int groups) {
            if (!parent.sparkContext().isLocal()) {
                throw new IllegalStateException("grouped round tasks read shards outside Spark's view of the "
                        + "lineage: local mode only");
            }
            this.parent = parent;
            this.members = parent.partitions();
            this.groups = groups;
        }

        @Override
        public List<T> items(scala.collection.Iterator<?> input, BarrierTaskContext task) {
            List<T> items = new ArrayList<>();
            for (int p = task.partitionId(); p < members.length; p += groups) {
                scala.collection.Iterator<T> shard = parent.iterator(members[p], task);
                while (shard.hasNext()) {
                    items.add(shard.next());
                }
            }
            return items;
        }
    }

    /** Whether {@code partitions} are some of a cached RDD's (training data beside held-out data). */
    public static boolean isView(JavaRDD<?> partitions) {
        return partitions.rdd() instanceof PartitionPruningRDD;
    }

    @Override
    public Outcome run(Round round) {
        long start = System.nanoTime();
        if (job == null) {
            startSegment();
        }
        Broadcast<Round> plan = sc.isLocal() ? null : sc.broadcast(round);
        // Before publishing: waiting tasks take the round at once, and their compute belongs to the wait.
        long sent = System.nanoTime();
        long sequence = endpoint.publish(plan == null ? round : plan);
        try {
            OrderedSum.Node total;
            while ((total = endpoint.awaitTotal(sequence, 100)) == null) {
                if (job.isDone()) {
                    JavaFutureAction<Long> ended = job;
                    job = null;
                    Throwable failed = failure(ended);
                    throw failed != null ? rethrown(failed)
                            : new IllegalStateException("the round tasks ended before round " + round.round());
                }
            }
            return new Outcome(total, sent - start, System.nanoTime() - sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for round " + round.round(), e);
        } finally {
            if (plan != null) {
                plan.destroy();
            }
        }
    }

    /*
     * A barrier stage of long-lived tasks, then a shuffle of the nothing they return: that makes the loop a map
     * stage, which Spark re-runs whole when one of its tasks fails.
     */
    private void startSegment() {
        int segment = segments++;
        endpoint.startSegment(segment);
        String description = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription("rounds through the driver endpoint" + (description == null ? "" : " from "
                + description));
        ClassTag<Object> any = ClassTag$.MODULE$.AnyRef();
        RDD<Object> loop = input.barrier().mapPartitions(new Loop<>(source, work, endpoint.name(), segment,
                partitions, sc.isLocal()), false, any);
        job = new JavaRDD<>(loop, any).repartition(1).countAsync();
        sc.setJobDescription(description);
    }

    /* An RDD's elements as the task's Source reads them: typed again there. */
    @SuppressWarnings("unchecked")
    private static RDD<Object> objects(RDD<?> rdd) {
        return (RDD<Object>) rdd;
    }

    @Override
    public void pause() {
        if (job == null) {
            return;
        }
        endpoint.endSegment();
        JavaFutureAction<Long> ended = job;
        job = null;
        Throwable failed = failure(ended);
        if (failed != null) {
            throw rethrown(failed);
        }
    }

    @Override
    public void close() {
        try {
            if (job != null) {
                endpoint.endSegment();
                try {
                    job.get(RoundEndpoint.HOLD_MILLIS * 20, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    job.cancel(true);
                }
            }
        } finally {
            job = null;
            endpoint.close();
        }
    }

    /* What the job ended with: null for success, else Spark's exception. Waits for it to end. */
    private static Throwable failure(JavaFutureAction<Long> job) {
        try {
            job.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /*
     * Spark's job failures (SparkException, checked) pass through unchanged, as treeAggregate throws them in
     * JobRounds, so that the job's exit code and message do not depend on the exchange.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException rethrown(Throwable t) throws E {
        throw (E) t;
    }

    /** A long-lived task: rounds from the endpoint until it says the segment is over. */
    private static final class Loop<T> extends AbstractFunction1<scala.collection.Iterator<Object>,
            scala.collection.Iterator<Object>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Source<T> source;
        private final Work<T> work;
        private final String endpoint;
        private final int segment;
        private final int partitions;
        private final boolean local;

        Loop(Source<T> source, Work<T> work, String endpoint, int segment, int partitions, boolean local) {
            this.source = source;
            this.work = work;
            this.endpoint = endpoint;
            this.segment = segment;
            this.partitions = partitions;
            this.local = local;
        }

        @Override
        public scala.collection.Iterator<Object> apply(scala.collection.Iterator<Object> input) {
            BarrierTaskContext task = BarrierTaskContext.get();
            List<T> items = source.items(input, task);
            RpcEndpointRef driver = RoundEndpoint.driverEndpoint(endpoint);
            var ticket = new RoundEndpoint.Ticket(segment, task.stageAttemptNumber(), task.partitionId());
            long done = -1;
            Object result = null;
            while (true) {
                RoundEndpoint.Reply reply = RoundEndpoint.ask(driver, new RoundEndpoint.Request(ticket, done, result));
                result = null;
                task.killTaskIfInterrupted();
                switch (reply.kind()) {
                    case END -> {
                        return nothing();
                    }
                    case WAIT -> {
                    }
                    case ROUND -> {
                        OrderedSum sum = new OrderedSum(partitions);
                        RoundExchange.contributions(items.iterator(), work, reply.round()).forEachRemaining(sum::add);
                        result = local ? sum : RoundEndpoint.bytes(sum);
                        done = reply.sequence();
                    }
                }
            }
        }

        /* Scala 2.12's Iterator.empty is an Iterator[Nothing] (2.13's is generic); it has no element to mistype. */
        @SuppressWarnings("unchecked")
        private static scala.collection.Iterator<Object> nothing() {
            return (scala.collection.Iterator<Object>) (scala.collection.Iterator<?>)
                    scala.collection.Iterator$.MODULE$.empty();
        }
    }
}
