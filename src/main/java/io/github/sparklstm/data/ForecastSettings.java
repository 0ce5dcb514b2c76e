package io.github.sparklstm.data;

/**
 * How series are cut into forecasting windows and judged: {@code lookback} steps in, {@code horizon} steps out,
 * a training window every {@code stride} steps; the last {@code testSteps} of each series are its test part and the
 * {@code validationSteps} before them its validation part (0: none), forecast in consecutive blocks of
 * {@code horizon} from the steps before each block; the error scale of MASE, and the seasonal naive forecast, use
 * {@code season} (1: the naive forecast). {@code perStep}: the model predicts the next value at every step of the
 * window (horizon 1) rather than horizon values from its last step.
 */
public record ForecastSettings(int lookback, int horizon, int stride, int testSteps, int validationSteps, int season,
                               Scaling scaling, GapFill fillGaps, boolean perStep) implements java.io.Serializable {

    /** How values are standardised: each series by its own training part (the default), or all by the table's. */
    public enum Scaling {
        /**
         * Each series and column by the mean and standard deviation of its own training part: series of one table
         * differ in level by orders of magnitude (a store's demand, a meter's load), and with one scale for all the
         * small ones would count for nothing in the loss; it needs no pass over the table before training.
         */
        SERIES,
        /** Every series by the training parts' pooled statistics, per column: series that share one unit. */
        GLOBAL,
        /** The raw values. */
        NONE
    }

    /** What a missing step of a regular series becomes. */
    public enum GapFill {
        /** Refused with the series and the time after which the gap starts. */
        REFUSE,
        /** The value before the gap. */
        PREVIOUS,
        /** A straight line between the values either side. */
        LINEAR,
        /** Zero (counts: no sale that day). */
        ZERO
    }

    public ForecastSettings {
        requirePositive("forecast.lookback", lookback);
        requirePositive("forecast.horizon", horizon);
        requirePositive("forecast.stride", stride);
        requirePositive("forecast.season", season);
        if (testSteps < horizon) {
            throw new IllegalArgumentException("forecast.testSteps must be at least forecast.horizon (" + horizon
                    + "), got " + testSteps);
        }
        if (validationSteps != 0 && validationSteps < horizon) {
            throw new IllegalArgumentException("forecast.validationSteps must be 0 or at least forecast.horizon ("
                    + horizon + "), got " + validationSteps);
        }
        if (perStep && horizon != 1) {
            throw new IllegalArgumentException("a per-step forecaster (model.output=steps) predicts one step ahead: "
                    + "forecast.horizon must be 1, got " + horizon);
        }
        if (scaling == null || fillGaps == null) {
            throw new IllegalArgumentException("scaling and fillGaps are required");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    /** The fewest steps a series needs for one training window, its validation part and its test part. */
    public int shortestSeries() {
        return lookback + horizon + validationSteps + testSteps;
    }

    /** Values the head predicts per window: horizon x targets from the last step, or the targets at each step. */
    public int outputs(int targets) {
        return perStep ? targets : horizon * targets;
    }
}
