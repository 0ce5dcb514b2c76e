package io.github.sparklstm.train;

import java.io.Serializable;

/**
 * What a run of local training steps did: batches and examples seen, summed loss and hits (for the running training
 * loss and accuracy), the compute time, and whether it stopped on a non-finite loss or gradient.
 */
public record StepStats(int batches, long examples, double lossSum, long correct, long computeNanos, boolean diverged)
        implements Serializable {

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }
}
