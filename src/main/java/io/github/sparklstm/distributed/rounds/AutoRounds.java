package io.github.sparklstm.distributed.rounds;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * averaging.exchange=auto: each segment of rounds (from the first round, and from the first after a pause, i.e.
 * every epoch) goes through the endpoint where nothing rules it out at that moment, else a job per round. The
 * choice is made again because a cluster's task slots change while a job runs: executors that register after the
 * data are loaded (YARN containers or Kubernetes pods granted late) make the endpoint possible from the next
 * epoch, and executors lost for good send the next epoch back to a job per round rather than have a barrier stage
 * wait for slots that do not come. The two give the same bits, so switching does not change the model.
 */
final class AutoRounds<T> implements RoundExchange {

    /** Told when a segment's exchange differs from the previous one's: the segment's first round and why. */
    public interface Changes {
        void changed(Round first, String description);
    }

    private final JavaSparkContext sc;
    private final JavaRDD<T> partitions;
    private final Work<T> work;
    private final java.util.function.Supplier<String> against;
    private final Changes changes;
    private final JobRounds<T> jobs;
    private EndpointRounds<T> endpoint;
    private RoundExchange segment;
    private boolean endpointBefore;

    AutoRounds(JavaSparkContext sc, JavaRDD<T> partitions, Work<T> work, long roundBytes, Changes changes) {
        this(sc, partitions, work, () -> EndpointRounds.unsupported(sc, partitions.getNumPartitions(),
                EndpointRounds.isView(partitions), roundBytes), changes);
    }

    /** {@code against}: what rules the endpoint out at a segment's start ("" for nothing). */
    AutoRounds(JavaSparkContext sc, JavaRDD<T> partitions, Work<T> work, java.util.function.Supplier<String> against,
               Changes changes) {
        this.sc = sc;
        this.partitions = partitions;
        this.work = work;
        this.against = against;
        this.changes = changes;
        this.jobs = new JobRounds<>(sc, partitions, work);
        this.endpointBefore = against.get().isEmpty();
    }

    @Override
    public Outcome run(Round round) {
        if (segment == null) {
            String against = this.against.get();
            if (against.isEmpty() != endpointBefore) {
                changes.changed(round, RoundExchange.description(against));
                endpointBefore = against.isEmpty();
            }
            if (against.isEmpty() && endpoint == null) {
                endpoint = new EndpointRounds<>(sc, partitions, work);
            }
            segment = against.isEmpty() ? endpoint : jobs;
        }
        return segment.run(round);
    }

    @Override
    public void pause() {
        if (segment != null) {
            RoundExchange paused = segment;
            segment = null;
            paused.pause();
        }
    }

    @Override
    public void close() {
        try {
            jobs.close();
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }
}
