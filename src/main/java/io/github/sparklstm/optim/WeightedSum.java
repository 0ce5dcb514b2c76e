package io.github.sparklstm.optim;

import java.io.Serializable;

/**
 * Σ wᵢ·xᵢ over float vectors with whole-number weights (example counts), for example-weighted averages of
 * replicas. Products and sums are in double: a float times a count below 2²⁹ is exact, so a single vector averages
 * back to exactly its own floats. A vector is kept as floats with its weight until first combined (half the bytes
 * when it travels). Addition order is the caller's: {@code a.plus(b)} is always a + b, so a fixed order of calls
 * gives the same bits every time; it adds into a's storage, so a sum of many vectors allocates once.
 */
public final class WeightedSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private float[] values;
    private double[] sums;
    private long weight;

    private WeightedSum(float[] values, double[] sums, long weight) {
        this.values = values;
        this.sums = sums;
        this.weight = weight;
    }

    /** One vector with its weight. The array is kept, not copied. */
    public static WeightedSum of(float[] values, long weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be non-negative, got " + weight);
        }
        return new WeightedSum(values, null, weight);
    }

    /**
     * This sum plus {@code right}, element by element in that order, added into this sum's own storage: both
     * operands are used up (the result is this object). Nothing is allocated but this sum's doubles the first time:
     * a right operand still held as floats is weighted on the way, which is the same exact product its own sums
     * would hold, so the bits are those of adding two materialised sums.
     */
    public WeightedSum plus(WeightedSum right) {
        double[] l = sums();
        int length = right.sums != null ? right.sums.length : right.values.length;
        if (l.length != length) {
            throw new IllegalArgumentException("sums of " + l.length + " and " + length + " values");
        }
        if (right.sums != null) {
            double[] r = right.sums;
            for (int k = 0; k < l.length; k++) {
                l[k] = l[k] + r[k];
            }
        } else {
            float[] r = right.values;
            double w = right.weight;
            for (int k = 0; k < l.length; k++) {
                l[k] = l[k] + r[k] * w;
            }
        }
        weight += right.weight;
        return this;
    }

    public long weight() {
        return weight;
    }

    /** Σ wᵢ·xᵢ for every element. */
    public double[] sums() {
        if (sums == null) {
            double w = weight;
            sums = new double[values.length];
            for (int k = 0; k < sums.length; k++) {
                sums[k] = values[k] * w;
            }
            values = null;
        }
        return sums;
    }

    /** The weighted mean of elements [from, to), rounded to float. */
    public float[] mean(int from, int to) {
        double[] s = sums();
        float[] mean = new float[to - from];
        for (int k = from; k < to; k++) {
            mean[k - from] = (float) (s[k] / weight);
        }
        return mean;
    }
}
