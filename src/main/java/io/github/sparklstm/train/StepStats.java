package io.github.sparklstm.train;

import java.io.Serializable;

/**
 * What a run of local training steps did: batches and examples (sequences) seen, how many predictions were scored
 * (the examples, or their labelled steps for a per-step model), the summed loss and hits of those (for the running
 * training loss and accuracy), the compute time, and whether it stopped on a non-finite loss or gradient.
 */
public record StepStats(int batches, long examples, long scored, double lossSum, long correct, long computeNanos,
                        boolean diverged) implements Serializable {

    public double meanLoss() {
        return scored == 0 ? Double.NaN : lossSum / scored;
    }

    public double accuracy() {
        return scored == 0 ? Double.NaN : (double) correct / scored;
    }
}
