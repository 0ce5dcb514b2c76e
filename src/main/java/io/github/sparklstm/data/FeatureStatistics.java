package io.github.sparklstm.data;

/**
 * Mean and variance of every input feature over all steps of all examples, by Welford's update within a part of
 * the data and Chan's formula between parts. Parts are the partitions of a distributed data set: each computes
 * its own in example order and the driver merges them in partition order, so the result is a function of the data
 * and the partitioning, not of timing; and it stays accurate for values far from zero, where sums of squares do not.
 */
public final class FeatureStatistics implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Values seen per feature (the same for every feature: one per step of every example). */
    private long count;
    private final double[] mean;
    private final double[] m2;

    public FeatureStatistics(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be positive, got " + features);
        }
        mean = new double[features];
        m2 = new double[features];
    }

    public int features() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Adds one step: {@code values[offset + f]} for every feature f. */
    public void addStep(float[] values, int offset) {
        long n = ++count;
        for (int f = 0; f < mean.length; f++) {
            double x = values[offset + f];
            double delta = x - mean[f];
            mean[f] += delta / n;
            m2[f] += delta * (x - mean[f]);
        }
    }

    /** Takes in the statistics of another part (Chan et al.); returns this. */
    public FeatureStatistics merge(FeatureStatistics other) {
        if (other.mean.length != mean.length) {
            throw new IllegalArgumentException("statistics of " + other.mean.length + " and " + mean.length
                    + " features");
        }
        if (other.count == 0) {
            return this;
        }
        long n = count + other.count;
        for (int f = 0; f < mean.length; f++) {
            double delta = other.mean[f] - mean[f];
            mean[f] += delta * other.count / n;
            m2[f] += other.m2[f] + delta * delta * ((double) count * other.count / n);
        }
        count = n;
        return this;
    }

    public double mean(int feature) {
        return mean[feature];
    }

    /** Population variance of a feature (0 before any value). */
    public double variance(int feature) {
        return count == 0 ? 0 : m2[feature] / count;
    }

    /** Standardises each feature with its own mean and standard deviation. */
    public InputScaling perFeature() {
        float[] m = new float[mean.length];
        float[] s = new float[mean.length];
        for (int f = 0; f < mean.length; f++) {
            m[f] = (float) mean[f];
            s[f] = stdOf(variance(f));
        }
        return new InputScaling(m, s);
    }

    /** Standardises every feature with one mean and standard deviation: those of all values pooled. */
    public InputScaling pooled() {
        double pooledMean = 0;
        double pooledM2 = 0;
        long n = 0;
        for (int f = 0; f < mean.length; f++) {
            long total = n + count;
            if (total == 0) {
                continue;
            }
            double delta = mean[f] - pooledMean;
            pooledMean += delta * count / total;
            pooledM2 += m2[f] + delta * delta * ((double) n * count / total);
            n = total;
        }
        return InputScaling.uniform(mean.length, (float) pooledMean, stdOf(n == 0 ? 0 : pooledM2 / n));
    }

    /* A constant feature is only centred: dividing by a zero deviation would make every input infinite. */
    private static float stdOf(double variance) {
        float std = (float) Math.sqrt(variance);
        return std > 0 && Float.isFinite(std) ? std : 1f;
    }
}
