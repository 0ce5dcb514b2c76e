package io.github.sparklstm.train;

import io.github.sparklstm.data.ForecastReference;
import java.io.Serializable;

/**
 * Forecast errors in the data's own units, per horizon step and overall, of the model and of the two baselines
 * every forecast is judged beside: the naive forecast (the last value seen) and the seasonal naive (the value one
 * season before). For each: MSE, RMSE, MAE, sMAPE (in percent, 200·|e|/(|y|+|ŷ|), 0 where both are 0) and MASE
 * (absolute errors over the series' in-sample seasonal naive error, see {@link ForecastReference}; windows of a
 * series without one count nowhere in it). Sums, so that parts of a test set merge exactly.
 */
public final class ForecastMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Whose forecasts. */
    public enum Method { MODEL, NAIVE, SEASONAL_NAIVE }

    private final int horizon;
    private final int targets;
    /* [method][horizon step][count, squared, absolute, smape, scaled count, scaled absolute] */
    private final double[][][] sums;

    public ForecastMetrics(int horizon, int targets) {
        if (horizon < 1 || targets < 1) {
            throw new IllegalArgumentException("horizon and targets must be positive, got " + horizon + ", "
                    + targets);
        }
        this.horizon = horizon;
        this.targets = targets;
        sums = new double[Method.values().length][horizon][6];
    }

    public int horizon() {
        return horizon;
    }

    public int targets() {
        return targets;
    }

    /**
     * One window: the model's standardised forecast {@code predicted[k]} of {@code actual[k]} (standardised, NaN:
     * none), k = h·targets + j, and the window's {@code reference}.
     */
    public void add(double[] predicted, float[] actual, float[] reference) {
        int outputs = horizon * targets;
        for (int k = 0; k < outputs; k++) {
            if (Float.isNaN(actual[k])) {
                continue;
            }
            int j = k % targets;
            double mean = reference[ForecastReference.mean(j)];
            double std = reference[ForecastReference.std(targets, j)];
            double y = mean + std * actual[k];
            double scale = reference[ForecastReference.maseScale(targets, j)];
            int h = k / targets;
            count(Method.MODEL, h, y, mean + std * predicted[k], scale);
            count(Method.NAIVE, h, y, reference[ForecastReference.naive(targets, k)], scale);
            count(Method.SEASONAL_NAIVE, h, y, reference[ForecastReference.seasonalNaive(targets, outputs, k)],
                    scale);
        }
    }

    private void count(Method method, int h, double y, double forecast, double scale) {
        if (Double.isNaN(forecast)) {
            return;
        }
        double[] s = sums[method.ordinal()][h];
        double e = forecast - y;
        double a = Math.abs(e);
        double denominator = Math.abs(y) + Math.abs(forecast);
        s[0]++;
        s[1] += e * e;
        s[2] += a;
        s[3] += denominator == 0 ? 0 : 200 * a / denominator;
        if (Double.isFinite(scale) && scale > 0) {
            s[4]++;
            s[5] += a / scale;
        }
    }

    /** An independent copy. */
    public ForecastMetrics copy() {
        return new ForecastMetrics(horizon, targets).merge(this);
    }

    /** Adds {@code other}'s sums; returns this. */
    public ForecastMetrics merge(ForecastMetrics other) {
        if (other.horizon != horizon || other.targets != targets) {
            throw new IllegalArgumentException("cannot merge forecasts of horizon " + other.horizon + " x "
                    + other.targets + " into " + horizon + " x " + targets);
        }
        for (int m = 0; m < sums.length; m++) {
            for (int h = 0; h < horizon; h++) {
                for (int i = 0; i < 6; i++) {
                    sums[m][h][i] += other.sums[m][h][i];
                }
            }
        }
        return this;
    }

    /* Sums of one horizon step (h >= 0) or of all (h = -1). */
    private double[] of(Method method, int h) {
        if (h >= 0) {
            return sums[method.ordinal()][java.util.Objects.checkIndex(h, horizon)];
        }
        double[] total = new double[6];
        for (double[] step : sums[method.ordinal()]) {
            for (int i = 0; i < 6; i++) {
                total[i] += step[i];
            }
        }
        return total;
    }

    /** Forecast values scored, over all steps (h = -1) or horizon step h. */
    public long count(Method method, int h) {
        return (long) of(method, h)[0];
    }

    public double mse(Method method, int h) {
        double[] s = of(method, h);
        return s[1] / s[0];
    }

    public double rmse(Method method, int h) {
        return Math.sqrt(mse(method, h));
    }

    public double mae(Method method, int h) {
        double[] s = of(method, h);
        return s[2] / s[0];
    }

    public double smape(Method method, int h) {
        double[] s = of(method, h);
        return s[3] / s[0];
    }

    /** NaN when no series had an in-sample scale. */
    public double mase(Method method, int h) {
        double[] s = of(method, h);
        return s[4] == 0 ? Double.NaN : s[5] / s[4];
    }
}
