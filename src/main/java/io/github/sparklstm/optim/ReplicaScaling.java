package io.github.sparklstm.optim;

/**
 * How the number of averaged replicas changes each one's training: its minibatch (at most {@code globalBatchLimit}
 * examples in a step of all of them together), the minibatches between two averagings (a fixed
 * {@code averagingFrequency}, or {@code averagingExamples} of all replicas together), and its learning rate.
 * Replicas that each take 1/s of one worker's steps, s = replicas × each one's minibatch / {@code batchSize}, train
 * at the rate as set ({@link Rule#NONE}), times √s ({@link Rule#SQRT}) or times s ({@link Rule#LINEAR}).
 */
public record ReplicaScaling(int batchSize, int globalBatchLimit, int averagingFrequency, int averagingExamples,
                             Rule rule) {

    public enum Rule { NONE, SQRT, LINEAR }

    /** Each of {@code replicas} replicas' minibatch: batchSize, or less under the global limit. */
    public int batchSizeFor(int replicas) {
        return globalBatchLimit > 0 ? Math.max(1, Math.min(batchSize, globalBatchLimit / replicas)) : batchSize;
    }

    /** Minibatches each of {@code replicas} replicas trains between two averagings. */
    public int averagingFrequencyFor(int replicas) {
        if (averagingFrequency > 0) {
            return averagingFrequency;
        }
        double perReplica = (double) averagingExamples / ((long) replicas * batchSizeFor(replicas));
        return (int) Math.max(1, Math.min(1_000_000, Math.round(perReplica)));
    }

    /** The learning-rate factor of {@code replicas} replicas. */
    public double learningRateFactor(int replicas) {
        double s = (double) replicas * batchSizeFor(replicas) / batchSize;
        return switch (rule) {
            case SQRT -> Math.sqrt(s);
            case LINEAR -> s;
            case NONE -> 1;
        };
    }
}
