package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A series' rows become a regular series, or a one-line refusal naming the series and the time. */
class SeriesTest {

    private static final List<String> NAMES = List.of("sales", "price");

    private static Series of(long[] times, double[][] rows, long step, ForecastSettings.GapFill fill)
            throws InvalidDataException {
        return Series.of("t.parquet", "store-7", times, rows, NAMES, step, fill, t -> "t=" + t);
    }

    @Test
    void rowsInAnyOrderAreSortedByTime() throws Exception {
        Series s = of(new long[] {30, 10, 20}, new double[][] {{3, 0.3}, {1, 0.1}, {2, 0.2}}, 0,
                ForecastSettings.GapFill.REFUSE);
        assertEquals(3, s.length());
        assertEquals(10, s.start());
        assertEquals(10, s.step(), "the step is the smallest difference between two times");
        assertArrayEquals(new double[] {1, 0.1, 2, 0.2, 3, 0.3}, s.values());
        assertEquals(30, s.time(2));
    }

    @Test
    void aNonFiniteValueIsRefusedWithSeriesTimeAndColumn() {
        var e = assertThrows(InvalidDataException.class, () -> of(new long[] {1, 2},
                new double[][] {{1, 2}, {Double.NaN, 2}}, 1, ForecastSettings.GapFill.REFUSE));
        assertEquals("t.parquet: series store-7 at t=2: sales is NaN", e.getMessage());
        var infinite = assertThrows(InvalidDataException.class, () -> of(new long[] {1, 2},
                new double[][] {{1, Double.POSITIVE_INFINITY}, {1, 2}}, 1, ForecastSettings.GapFill.REFUSE));
        assertEquals("t.parquet: series store-7 at t=1: price is Infinity", infinite.getMessage());
    }

    @Test
    void twoRowsAtOneTimeAreRefused() {
        var e = assertThrows(InvalidDataException.class, () -> of(new long[] {5, 6, 5},
                new double[][] {{1, 1}, {2, 2}, {3, 3}}, 0, ForecastSettings.GapFill.PREVIOUS));
        assertEquals("t.parquet: series store-7 has two rows at t=5", e.getMessage());
    }

    @Test
    void aTimeOffTheGridIsRefused() {
        var e = assertThrows(InvalidDataException.class, () -> of(new long[] {0, 2, 5},
                new double[][] {{1, 1}, {2, 2}, {3, 3}}, 2, ForecastSettings.GapFill.LINEAR));
        assertEquals("t.parquet: series store-7: t=5 is not a whole number of steps of 2 after t=0 "
                + "(series.frequency)", e.getMessage());
    }

    @Test
    void aGapIsRefusedUnlessFilled() throws Exception {
        long[] times = {1, 2, 5};
        double[][] rows = {{1, 10}, {2, 20}, {8, 50}};
        var e = assertThrows(InvalidDataException.class, () -> of(times, rows, 1, ForecastSettings.GapFill.REFUSE));
        assertEquals("t.parquet: series store-7 has no row for 2 steps after t=2 (forecast.fillGaps=previous, "
                + "linear or zero fills gaps)", e.getMessage());
        assertArrayEquals(new double[] {1, 10, 2, 20, 2, 20, 2, 20, 8, 50},
                of(times, rows, 1, ForecastSettings.GapFill.PREVIOUS).values());
        assertArrayEquals(new double[] {1, 10, 2, 20, 4, 30, 6, 40, 8, 50},
                of(times, rows, 1, ForecastSettings.GapFill.LINEAR).values(), 1e-12);
        assertArrayEquals(new double[] {1, 10, 2, 20, 0, 0, 0, 0, 8, 50},
                of(times, rows, 1, ForecastSettings.GapFill.ZERO).values());
    }
}
