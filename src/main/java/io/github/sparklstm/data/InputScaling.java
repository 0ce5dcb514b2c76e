package io.github.sparklstm.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the network sees of a raw value: {@code (raw - mean[f]) / std[f]} for feature {@code f}. Identity
 * (0 and 1) keeps the raw values; standardisation takes the training set's statistics from
 * {@link FeatureStatistics}. The same arithmetic runs for bytes (through a table) and floats, so a data set stored
 * either way gives bit-identical inputs.
 */
public record InputScaling(float[] mean, float[] std) implements java.io.Serializable {

    public InputScaling {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per feature, got " + mean.length + " and "
                    + std.length);
        }
        for (int f = 0; f < mean.length; f++) {
            if (!Float.isFinite(mean[f]) || !(std[f] > 0) || !Float.isFinite(std[f])) {
                throw new IllegalArgumentException("feature " + f + " needs a finite mean and a positive std, got "
                        + mean[f] + ", " + std[f]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Raw values as they are. */
    public static InputScaling identity(int features) {
        return uniform(features, 0f, 1f);
    }

    /** One mean and std for every feature. */
    public static InputScaling uniform(int features, float mean, float std) {
        float[] m = new float[features];
        float[] s = new float[features];
        Arrays.fill(m, mean);
        Arrays.fill(s, std);
        return new InputScaling(m, s);
    }

    public int features() {
        return mean.length;
    }

    /** The network input for raw value {@code raw} of feature {@code feature}. */
    public float apply(int feature, float raw) {
        return (raw - mean[feature]) / std[feature];
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** True when every feature has the same mean and the same std. */
    public boolean isUniform() {
        for (int f = 1; f < mean.length; f++) {
            if (mean[f] != mean[0] || std[f] != std[0]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputScaling other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return isUniform() ? "InputScaling[mean=" + mean[0] + ", std=" + std[0] + " for " + mean.length
                + " features]" : "InputScaling[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
