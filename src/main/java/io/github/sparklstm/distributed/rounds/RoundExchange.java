package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.config.ConfigException;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How a round reaches the partitions and their contributions come back, summed in {@link OrderedSum}'s fixed tree:
 * a Spark job per round ({@link JobRounds}), or long-lived tasks that take round after round from an endpoint on
 * the driver ({@link EndpointRounds}). Both run the same {@link Work} on the same items and give the same bits.
 */
public interface RoundExchange extends AutoCloseable {

    /** What a task does with one item of its input in a round: train a shard, or hand the plan back (RoundCost). */
    interface Work<T> extends Serializable {
        Contribution run(T item, Round round, long enteredNanos);
    }

    /** The round's total, the driver's time to send the round out and its wait for the total, in nanoseconds. */
    record Outcome(OrderedSum.Node total, long sendNanos, long waitNanos) {
    }

    /** averaging.exchange. */
    enum Mode {
        /**
         * The endpoint wherever {@link EndpointRounds#unsupported} finds nothing against it, else jobs: decided again
         * at every epoch's start ({@link AutoRounds}).
         */
        AUTO,
        ENDPOINT,
        JOBS;

        public static Mode parse(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Runs {@code round} on every partition and returns their summed contributions. */
    Outcome run(Round round);

    /** Frees the task slots until the next {@link #run} (before evaluation jobs); a no-op without a standing job. */
    void pause();

    /** Ends the exchange, stopping any standing job; never throws for a job that has already failed. */
    @Override
    void close();

    /**
     * What a run of rounds over {@code partitions} (one item each) takes, in {@code mode}; {@code changes} hears
     * when auto changes its choice at the start of an epoch ({@link AutoRounds}).
     */
    static <T> RoundExchange open(JavaSparkContext sc, Mode mode, JavaRDD<T> partitions, Work<T> work,
                                  long roundBytes, AutoRounds.Changes changes) {
        return switch (mode) {
            case JOBS -> new JobRounds<>(sc, partitions, work);
            case AUTO -> new AutoRounds<>(sc, partitions, work, roundBytes, changes);
            case ENDPOINT -> {
                choose(sc, mode, partitions.getNumPartitions(), EndpointRounds.isView(partitions), roundBytes);
                yield new EndpointRounds<>(sc, partitions, work);
            }
        };
    }

    /**
     * What averaging.exchange {@code asked} gets: the endpoint, unless {@code against} says why not ("" for
     * nothing against it; never asked with jobs).
     */
    record Choice(Mode asked, String against) {
        boolean endpoint() {
            return asked != Mode.JOBS && against.isEmpty();
        }

        /** In words, with the reason for a fallback: for the plan and the run's first lines. */
        public String description() {
            if (asked == Mode.JOBS) {
                return "a Spark job per round (averaging.exchange=jobs)";
            }
            return RoundExchange.description(against) + (endpoint() ? "" : "; auto looks again at every epoch's start");
        }
    }

    /**
     * Which exchange {@link #open} would take for {@code partitions} partitions ({@code heldOutView}: a view of a
     * cached data set with held-out partitions); a ConfigException when averaging.exchange=endpoint asks for it where
     * it is not possible.
     */
    static Choice choose(JavaSparkContext sc, Mode mode, int partitions, boolean heldOutView, long roundBytes) {
        if (mode == Mode.JOBS) {
            return new Choice(mode, "");
        }
        String against = EndpointRounds.unsupported(sc, partitions, heldOutView, roundBytes);
        if (mode == Mode.ENDPOINT && !against.isEmpty()) {
            throw new io.github.sparklstm.config.ConfigException("averaging.exchange=endpoint is not possible here: "
                    + against + "; use averaging.exchange=auto or jobs");
        }
        return new Choice(mode, against);
    }

    /** The exchange that {@code against} (what rules the endpoint out, "" for nothing) leaves, in words. */
    static String description(String against) {
        return against.isEmpty() ? "long-lived tasks take them from an endpoint on the driver, one barrier job per "
                + "epoch" : "a Spark job per round (" + against + ")";
    }

    /** Contributions of a task's items, made as the sum asks for them (a task may hold several partitions). */
    static <T> Iterator<Contribution> contributions(Iterator<T> items, Work<T> work, Round round) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Contribution next() {
                long entered = System.nanoTime();
                return work.run(items.next(), round, entered);
            }
        };
    }
}
