package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.train.Position;
import io.github.sparklstm.train.StepStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The fixed cost of a round on this cluster, measured: rounds with the real round's traffic and no training in
 * them, through the exchange a run would use (averaging.exchange). The parameters and optimizer state are sent out,
 * every partition hands a copy back as its contribution, and the contributions are summed along the same tree as
 * in training; what that takes is what a round costs besides its compute.
 */
public final class RoundCost {

    private RoundCost() {
    }

    /**
     * Medians in milliseconds: of an empty round, and of what starting the round tasks adds once per epoch
     * (through the driver endpoint a segment's barrier job starts before its first round; 0 with a job per round).
     */
    public record Cost(double roundMillis, double segmentMillis) {
    }

    /** {@code repeats} empty rounds on {@code partitions} after one to warm up, then three fresh starts. */
    public static Cost measure(JavaSparkContext sc, RoundExchange.Mode exchange, int partitions, int parameters,
                               int optimizerValues, int repeats) {
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<Integer> items = sc.parallelize(indices, partitions);
        Round empty = new Round(Position.START, 0, 1, new float[parameters], new float[optimizerValues], 0, 0);
        double[] rounds = new double[repeats];
        double[] starts = new double[3];
        try (RoundExchange exchanged = RoundExchange.open(sc, exchange, items,
                new CopyBack(), 4L * (parameters + optimizerValues), (first, description) -> { })) {
            exchanged.run(empty);
            for (int r = 0; r < repeats; r++) {
                rounds[r] = millisOf(exchanged, empty);
            }
            for (int k = 0; k < starts.length; k++) {
                exchanged.pause();
                starts[k] = millisOf(exchanged, empty);
            }
        }
        double round = median(rounds);
        return new Cost(round, Math.max(0, median(starts) - round));
    }

    private static double millisOf(RoundExchange exchange, Round round) {
        long start = System.nanoTime();
        exchange.run(round);
        return (System.nanoTime() - start) / 1e6;
    }

    /** How a run's rounds travel: averaging.exchange's choice (endpoint or jobs) and, in words, why. */
    public record Exchange(RoundExchange.Mode mode, String description) {
    }

    /**
     * How rounds of {@code exchange} (averaging.exchange) over {@code partitions} partitions would travel here;
     * {@code heldOut}: part of the training data is held out for validation. A ConfigException when
     * averaging.exchange=endpoint is not possible.
     */
    public static Exchange exchange(JavaSparkContext sc, RoundExchange.Mode exchange, int partitions, boolean heldOut,
                                    long roundBytes) {
        RoundExchange.Choice choice = RoundExchange.choose(sc, exchange, partitions,
                heldOut, roundBytes);
        return new Exchange(choice.endpoint() ? RoundExchange.Mode.ENDPOINT : RoundExchange.Mode.JOBS,
                choice.description());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** A partition's round without the training: its contribution is the parameters it was sent. */
    private static final class CopyBack implements RoundExchange.Work<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Contribution run(Integer partition, Round round, long enteredNanos) {
            return new Contribution(partition, round.parameters().clone(), round.optimizerState().clone(),
                    new StepStats(0, 1, 1, 0, 0, 0, false), 0, 0, 0);
        }
    }
}
