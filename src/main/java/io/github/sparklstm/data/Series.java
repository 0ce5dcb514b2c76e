package io.github.sparklstm.data;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * One series of a long table, checked and made regular: its rows sorted by time, one every {@code step} periods
 * from {@code start}, {@code columns} values per step (the targets first, then the covariates) row-major in
 * {@code values}. Times are whole periods (days, months, or the table's own numbers: see the job's
 * {@code series.frequency}); {@link #of} refuses what a forecast cannot be built on, naming the series and the time.
 */
public record Series(String id, long start, long step, int columns, double[] values) implements java.io.Serializable {

    public Series {
        if (columns < 1 || values.length % columns != 0) {
            throw new IllegalArgumentException(values.length + " values are not rows of " + columns);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
    }

    /** Steps in the series. */
    public int length() {
        return values.length / columns;
    }

    public double value(int t, int column) {
        return values[t * columns + column];
    }

    /** The time of step {@code t}, in periods. */
    public long time(int t) {
        return start + t * step;
    }

    /**
     * The series {@code id} of rows {@code rows[k]} (values of {@code names}) at {@code times[k]}, in any order.
     * {@code step} 0 takes the smallest difference between two times; {@code timeText} writes a time for messages.
     * Refused, one line naming {@code source}, the series and the time: a value that is NaN or infinite, two rows
     * at one time, a time off the grid of steps, and a gap unless {@code fill} says what it becomes.
     */
    public static Series of(String source, String id, long[] times, double[][] rows, List<String> names, long step,
                            ForecastSettings.GapFill fill, LongFunction<String> timeText)
            throws InvalidDataException {
        int n = times.length;
        int columns = names.size();
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
            for (int c = 0; c < columns; c++) {
                if (!Double.isFinite(rows[k][c])) {
                    throw new InvalidDataException(source, named(id) + " at " + timeText.apply(times[k]) + ": "
                            + names.get(c) + " is " + rows[k][c]);
                }
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long smallest = Long.MAX_VALUE;
        for (int k = 1; k < n; k++) {
            long gap = times[order[k]] - times[order[k - 1]];
            if (gap == 0) {
                throw new InvalidDataException(source, named(id) + " has two rows at "
                        + timeText.apply(times[order[k]]));
            }
            smallest = Math.min(smallest, gap);
        }
        long every = step > 0 ? step : n < 2 ? 1 : smallest;
        long start = times[order[0]];
        long span = (times[order[n - 1]] - start) / every + 1;
        if (span > Integer.MAX_VALUE / columns) {
            throw new InvalidDataException(source, named(id) + " spans " + span + " steps from "
                    + timeText.apply(start) + ": more than one series can hold");
        }
        double[] values = new double[(int) span * columns];
        boolean[] present = new boolean[(int) span];
        for (int k = 0; k < n; k++) {
            long offset = times[order[k]] - start;
            if (offset % every != 0) {
                throw new InvalidDataException(source, named(id) + ": " + timeText.apply(times[order[k]])
                        + " is not a whole number of steps of " + every + " after " + timeText.apply(start)
                        + " (series.frequency)");
            }
            int t = (int) (offset / every);
            present[t] = true;
            System.arraycopy(rows[order[k]], 0, values, t * columns, columns);
        }
        fillGaps(source, id, values, present, columns, fill, t -> timeText.apply(start + t * every));
        return new Series(id, start, every, columns, values);
    }

    /* A table of one series (no series.idCol) names it by what it is. */
    private static String named(String id) {
        return id.isEmpty() ? "the series" : "series " + id;
    }

    private static void fillGaps(String source, String id, double[] values, boolean[] present, int columns,
                                 ForecastSettings.GapFill fill, LongFunction<String> timeOf)
            throws InvalidDataException {
        for (int t = 1; t < present.length; t++) {
            if (present[t]) {
                continue;
            }
            int before = t - 1;
            int after = t;
            while (!present[after]) {
                after++;
            }
            if (fill == ForecastSettings.GapFill.REFUSE) {
                throw new InvalidDataException(source, named(id) + " has no row for " + (after - before - 1)
                        + " step" + (after - before - 1 == 1 ? "" : "s") + " after " + timeOf.apply(before)
                        + " (forecast.fillGaps=previous, linear or zero fills gaps)");
            }
            for (int g = t; g < after; g++) {
                for (int c = 0; c < columns; c++) {
                    double left = values[before * columns + c];
                    double right = values[after * columns + c];
                    values[g * columns + c] = switch (fill) {
                        case PREVIOUS -> left;
                        case ZERO -> 0;
                        case LINEAR -> left + (right - left) * (g - before) / (after - before);
                        case REFUSE -> throw new IllegalStateException();
                    };
                }
                present[g] = true;
            }
            t = after;
        }
    }
}
