package io.github.sparklstm.data;

/**
 * What a forecasting window carries besides its inputs and standardised targets, so that its forecast is judged in
 * the data's own units without the series at hand: for each of J targets the mean and standard deviation that
 * standardised it and the scale of MASE (the training part's mean absolute seasonal difference; NaN for a series
 * whose training part has none), then for each of K outputs (horizon step h, target j at h·J + j) the naive and the
 * seasonal naive forecasts. The layout of one window's {@code width(J, K)} floats.
 */
public final class ForecastReference {

    private ForecastReference() {
    }

    public static int width(int targets, int outputs) {
        return 3 * targets + 2 * outputs;
    }

    /** How many targets a window of {@code width} floats and {@code outputs} outputs has. */
    public static int targets(int width, int outputs) {
        int targets = (width - 2 * outputs) / 3;
        if (targets < 1 || width(targets, outputs) != width) {
            throw new IllegalArgumentException(width + " reference values do not fit " + outputs + " outputs");
        }
        return targets;
    }

    public static int mean(int j) {
        return j;
    }

    public static int std(int targets, int j) {
        return targets + j;
    }

    public static int maseScale(int targets, int j) {
        return 2 * targets + j;
    }

    public static int naive(int targets, int k) {
        return 3 * targets + k;
    }

    public static int seasonalNaive(int targets, int outputs, int k) {
        return 3 * targets + outputs + k;
    }
}
