package io.github.sparklstm.spark;

import io.github.sparklstm.train.StepStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The fixed cost of a round on this cluster, measured: a round with the real round's traffic and no training in
 * it. The parameters and optimizer state are broadcast, every partition hands a copy back as its contribution, and
 * the contributions are summed along the same tree as in training; what that takes is what a round costs besides
 * its compute.
 */
public final class RoundCost {

    private RoundCost() {
    }

    /** The median milliseconds of {@code repeats} empty rounds on {@code partitions}, after one to warm up. */
    public static double millis(JavaSparkContext sc, int partitions, int parameters, int optimizerValues,
                                int repeats) {
        double[] times = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            long[] clock = emptyRound(sc, partitions, parameters, optimizerValues);
            if (r >= 0) {
                times[r] = (clock[2] - clock[0]) / 1e6;
            }
        }
        return median(times);
    }

    /**
     * One empty round, as {nanoTime at its start, once the state is broadcast, at its end}: the state broadcast,
     * every partition handing a copy back, the copies summed as training sums them.
     */
    private static long[] emptyRound(JavaSparkContext sc, int partitions, int parameters, int optimizerValues) {
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        long start = System.nanoTime();
        Broadcast<float[][]> state = sc.broadcast(new float[][] {new float[parameters], new float[optimizerValues]});
        long broadcast = System.nanoTime();
        try {
            sc.parallelize(indices, partitions).mapPartitions(new EmptyRound(state))
                    .treeAggregate(new OrderedSum(partitions), OrderedSum.ADD, OrderedSum.MERGE,
                            OrderedSum.depth(partitions));
        } finally {
            state.destroy();
        }
        return new long[] {start, broadcast, System.nanoTime()};
    }

    /**
     * Where an empty round's time goes (medians over the repeats, milliseconds): the whole round; the driver's
     * broadcast of the state; the job itself (treeAggregate's stages, from submission to the result on the driver);
     * and, per task (medians over all tasks of the repeats), the scheduler's delay before it runs, deserializing the
     * task, running it (fetching the broadcast, building and serialising the contribution happen there), serialising
     * its result and the driver fetching a result sent as a block.
     */
    public record Breakdown(int partitions, int stages, double roundMillis, double broadcastMillis, double jobMillis,
                            double schedulerDelayMillis, double deserializeMillis, double runMillis,
                            double resultSerializeMillis, double gettingResultMillis) {
    }

    /** {@link #millis} with the {@link Breakdown} of its time, from the driver's clock and Spark's task metrics. */
    public static Breakdown breakdown(JavaSparkContext sc, int partitions, int parameters, int optimizerValues,
                                      int repeats) throws InterruptedException {
        TaskTimes listener = new TaskTimes();
        sc.sc().addSparkListener(listener);
        try {
            double[][] driver = new double[3][repeats];
            for (int r = -1; r < repeats; r++) {
                int jobsBefore = listener.jobsEnded();
                long[] clock = emptyRound(sc, partitions, parameters, optimizerValues);
                listener.awaitJobsEnded(jobsBefore + 1);
                if (r < 0) {
                    listener.reset(); // the first repeat warms up
                    continue;
                }
                driver[0][r] = (clock[2] - clock[0]) / 1e6;
                driver[1][r] = (clock[1] - clock[0]) / 1e6;
                driver[2][r] = (clock[2] - clock[1]) / 1e6;
            }
            return new Breakdown(partitions, listener.stages() / repeats, median(driver[0]), median(driver[1]),
                    median(driver[2]), listener.median(TaskTimes.DELAY), listener.median(TaskTimes.DESERIALIZE),
                    listener.median(TaskTimes.RUN), listener.median(TaskTimes.SERIALIZE),
                    listener.median(TaskTimes.GETTING));
        } finally {
            sc.sc().removeSparkListener(listener);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** Spark's own timing of every task, from the listener bus. */
    private static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
        static final int DELAY = 0;
        static final int DESERIALIZE = 1;
        static final int RUN = 2;
        static final int SERIALIZE = 3;
        static final int GETTING = 4;
        private final List<double[]> tasks = new ArrayList<>();
        private final java.util.Set<Integer> stageIds = new java.util.HashSet<>();
        private int jobsEnded;

        @Override
        public synchronized void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            var info = end.taskInfo();
            var metrics = end.taskMetrics();
            if (metrics == null) {
                return;
            }
            double deserialize = metrics.executorDeserializeTime();
            double run = metrics.executorRunTime();
            double serialize = metrics.resultSerializationTime();
            double getting = info.gettingResult() ? info.finishTime() - info.gettingResultTime() : 0;
            // As Spark's UI computes it: what the task's wall time leaves after the executor's and the fetch's parts.
            double delay = Math.max(0, info.duration() - deserialize - run - serialize - getting);
            tasks.add(new double[] {delay, deserialize, run, serialize, getting});
            stageIds.add(end.stageId());
        }

        @Override
        public synchronized void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd end) {
            jobsEnded++;
            notifyAll();
        }

        synchronized int jobsEnded() {
            return jobsEnded;
        }

        /* Events arrive in order: once the job's end is here, so are its tasks'. */
        synchronized void awaitJobsEnded(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (jobsEnded < count && System.currentTimeMillis() < deadline) {
                wait(100);
            }
        }

        synchronized void reset() {
            tasks.clear();
            stageIds.clear();
        }

        synchronized int stages() {
            return stageIds.size();
        }

        synchronized double median(int part) {
            double[] values = new double[tasks.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tasks.get(i)[part];
            }
            return RoundCost.median(values);
        }
    }

    /** A partition's round without the training: its contribution is the parameters it was sent. */
    private static final class EmptyRound implements FlatMapFunction<java.util.Iterator<Integer>, Contribution> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<float[][]> state;

        EmptyRound(Broadcast<float[][]> state) {
            this.state = state;
        }

        @Override
        public java.util.Iterator<Contribution> call(java.util.Iterator<Integer> partition) {
            float[][] values = state.value();
            List<Contribution> out = new ArrayList<>();
            partition.forEachRemaining(p -> out.add(new Contribution(p, values[0].clone(), values[1].clone(),
                    new StepStats(0, 1, 0, 0, 0, false))));
            return out.iterator();
        }
    }
}
