package io.github.sparklstm.data;

/**
 * Which examples a validation split holds out: those whose position hashes (SplitMix64 of the seed and the
 * position) below {@code fraction} of the hash range. A function of the position alone, so the split is the same
 * whatever the partitioning, format or run, disjoint from training by construction, and about {@code fraction} of
 * any stretch of positions.
 */
public record Holdout(double fraction, long seed) implements java.io.Serializable {

    public Holdout {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be in [0, 1), got " + fraction);
        }
    }

    public static Holdout none() {
        return new Holdout(0, 0);
    }

    public boolean isNone() {
        return fraction == 0;
    }

    /** Whether the example at {@code position} is held out. */
    public boolean holds(long position) {
        if (fraction == 0) {
            return false;
        }
        long hash = EpochOrder.mix(EpochOrder.mix(seed) + position);
        // The top 53 bits as a uniform double in [0, 1).
        return (hash >>> 11) * 0x1.0p-53 < fraction;
    }
}
