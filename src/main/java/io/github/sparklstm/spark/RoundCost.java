package io.github.sparklstm.spark;

import io.github.sparklstm.train.StepStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The fixed cost of a round on this cluster, measured: a round with the real round's traffic and no training in
 * it. The parameters and optimizer state are broadcast, every partition hands a copy back as its contribution, and
 * the contributions are summed along the same tree as in training; what that takes is what a round costs besides
 * its compute. The partitions are grouped into tasks as training groups them (one task per slot in local mode).
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
            JavaRDD<Integer> input = DistributedTrainer.inRoundTasks(sc, sc.parallelize(indices, partitions));
            input.mapPartitions(new EmptyRound(state))
                    .treeAggregate(new OrderedSum(partitions), OrderedSum.ADD, OrderedSum.MERGE,
                            OrderedSum.depth(input.getNumPartitions()));
        } finally {
            state.destroy();
        }
        return new long[] {start, broadcast, System.nanoTime()};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
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
                    new StepStats(0, 1, 0, 0, 0, false), 0, 0, 0)));
            return out.iterator();
        }
    }
}
