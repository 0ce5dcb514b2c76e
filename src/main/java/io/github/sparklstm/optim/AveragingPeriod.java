package io.github.sparklstm.optim;

/**
 * How many minibatches each replica trains before the next averaging: {@code early} during the first
 * {@code earlyEpochs} epochs, {@code frequency} after (post-local SGD, Lin et al. 2020: replicas that average often
 * while the loss falls fast and drift apart least, then save rounds once it flattens). A round never crosses an
 * epoch's end, so the period is a function of the position in the run and a resumed run rounds as before.
 */
public record AveragingPeriod(int frequency, int early, double earlyEpochs) {

    public AveragingPeriod {
        if (frequency < 1 || early < 0 || !(earlyEpochs >= 0)) {
            throw new IllegalArgumentException("averaging period " + frequency + ", early " + early + " for "
                    + earlyEpochs + " epochs");
        }
    }

    /** The minibatches of the round that starts at minibatch {@code batchInEpoch} of {@code epoch}. */
    public int batchesAt(int epoch, int batchInEpoch, int batchesPerEpoch) {
        boolean isEarly = early > 0 && epoch + (double) batchInEpoch / batchesPerEpoch < earlyEpochs;
        return Math.min(isEarly ? early : frequency, batchesPerEpoch - batchInEpoch);
    }

    /** The rounds from minibatch {@code batchInEpoch} of {@code epoch} to the end of {@code epochs} epochs. */
    public long roundsLeft(int epoch, int batchInEpoch, int epochs, int batchesPerEpoch) {
        long rounds = 0;
        for (int e = epoch, b = batchInEpoch; e < epochs; e++, b = 0) {
            while (b < batchesPerEpoch) {
                b += batchesAt(e, b, batchesPerEpoch);
                rounds++;
            }
        }
        return rounds;
    }
}
