package io.github.sparklstm.train;

/**
 * Where a training stands: rounds committed, the epoch (from 0), the next minibatch of the epoch, and the global
 * step (minibatches each replica has trained since the start: what the learning-rate schedule reads). A round or a
 * checkpoint starts from one; data order needs no more, being a function of seed, epoch and partition.
 */
public record Position(long round, int epoch, int batchInEpoch, long step) implements java.io.Serializable {

    public static final Position START = new Position(0, 0, 0, 0);

    /** After a round of {@code batches} minibatches from here. */
    public Position after(int batches) {
        return new Position(round + 1, epoch, batchInEpoch + batches, step + batches);
    }

    /** At the start of the next epoch. */
    public Position nextEpoch() {
        return new Position(round, epoch + 1, 0, step);
    }
}
