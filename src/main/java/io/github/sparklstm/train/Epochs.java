package io.github.sparklstm.train;

/**
 * A training's length: {@code total} epochs set its learning-rate schedule, and it trains them all, or stops after
 * {@code stopAfter} of them (0: never) with the schedule of all, so that a finished run resumed with more goes on as
 * one run would have.
 */
public record Epochs(int total, int stopAfter) implements java.io.Serializable {

    public Epochs {
        if (total < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + total);
        }
        if (stopAfter < 0) {
            throw new IllegalArgumentException("stopAfterEpochs must not be negative, got " + stopAfter);
        }
    }

    /** The epochs actually trained. */
    public int toRun() {
        return stopAfter > 0 ? Math.min(stopAfter, total) : total;
    }
}
