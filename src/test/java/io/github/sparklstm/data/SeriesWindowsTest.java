package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows cut from series: which origins each part gives, targets and inputs standardised by the training part
 * alone, the references (naive, seasonal naive, MASE's scale) in the data's units, short series skipped.
 */
class SeriesWindowsTest {

    /* y_t = t for t in [0, n), one column; or with a covariate 100 + t. */
    static Series ramp(String id, int n, int columns) {
        double[] values = new double[n * columns];
        for (int t = 0; t < n; t++) {
            values[t * columns] = t;
            if (columns > 1) {
                values[t * columns + 1] = 100 + t;
            }
        }
        return new Series(id, 0, 1, columns, values);
    }

    private static ForecastSettings settings(int lookback, int horizon, int stride, int test, int validation,
                                             int season, ForecastSettings.Scaling scaling, boolean perStep) {
        return new ForecastSettings(lookback, horizon, stride, test, validation, season, scaling,
                ForecastSettings.GapFill.REFUSE, perStep);
    }

    @Test
    void eachPartGivesItsOrigins() {
        // n = 20, lookback 4, horizon 2, test 4, validation 2: training part [0, 14).
        ForecastSettings s = settings(4, 2, 3, 4, 2, 1, ForecastSettings.Scaling.NONE, false);
        List<Series> one = List.of(ramp("a", 20, 1));
        SeriesWindows train = SeriesWindows.of(one, 1, s, SeriesWindows.Part.TRAIN, null);
        // origins 4, 7, 10 (12 + 2 <= 14 would need origin 13: 13 is not on the stride)
        assertEquals(3, train.size());
        assertEquals(List.of(4L, 7L, 10L), List.of(train.originTime(0), train.originTime(1), train.originTime(2)));
        SeriesWindows validation = SeriesWindows.of(one, 1, s, SeriesWindows.Part.VALIDATION, null);
        assertEquals(1, validation.size());
        assertEquals(14, validation.originTime(0));
        SeriesWindows test = SeriesWindows.of(one, 1, s, SeriesWindows.Part.TEST, null);
        assertEquals(2, test.size(), "the test part's 4 steps in blocks of the horizon");
        assertEquals(16, test.originTime(0));
        assertEquals(18, test.originTime(1));
        SeriesWindows latest = SeriesWindows.of(one, 1, s, SeriesWindows.Part.LATEST, null);
        assertEquals(1, latest.size());
        assertEquals(20, latest.originTime(0), "the forecast past the end starts the step after the last");
    }

    @Test
    void inputsAndTargetsAreTheStepsBeforeAndAfterTheOrigin() {
        ForecastSettings s = settings(3, 2, 1, 2, 0, 1, ForecastSettings.Scaling.NONE, false);
        SeriesWindows test = SeriesWindows.of(List.of(ramp("a", 12, 2)), 1, s, SeriesWindows.Part.TEST, null);
        SequenceBatch batch = new BatchBuilder(test, InputScaling.identity(2), 4).build(new int[] {0}, 0, 1);
        // origin 10: inputs t = 7, 8, 9 with their covariates; targets 10, 11.
        assertArrayEquals(new float[] {7, 107, 8, 108, 9, 109}, batch.inputs());
        assertArrayEquals(new float[] {10, 11}, batch.targets());
        float[] r = batch.references();
        assertEquals(9, r[ForecastReference.naive(1, 0)], "the naive forecast repeats the last value");
        assertEquals(9, r[ForecastReference.naive(1, 1)]);
        assertEquals(1, r[ForecastReference.maseScale(1, 0)], "a ramp's one-step differences are all 1");
    }

    @Test
    void scalingComesFromTheTrainingPartAlone() {
        ForecastSettings s = settings(2, 1, 1, 2, 0, 1, ForecastSettings.Scaling.SERIES, false);
        // n = 10, training part t in [0, 8): mean 3.5, population std sqrt(5.25).
        SeriesWindows test = SeriesWindows.of(List.of(ramp("a", 10, 1)), 1, s, SeriesWindows.Part.TEST, null);
        float[] reference = test.reference(0);
        assertEquals(3.5f, reference[ForecastReference.mean(0)]);
        assertEquals((float) Math.sqrt(5.25), reference[ForecastReference.std(1, 0)], 1e-6f);
        SequenceBatch batch = new BatchBuilder(test, InputScaling.identity(1), 2).build(new int[] {0, 1}, 0, 2);
        assertEquals((8 - 3.5) / Math.sqrt(5.25), batch.targets()[0], 1e-6);
        assertEquals((7 - 3.5) / Math.sqrt(5.25), batch.inputs()[2], 1e-6, "window 0's last input is t = 7");
    }

    @Test
    void globalScalingUsesThePooledStatistics() {
        ForecastSettings s = settings(2, 1, 1, 1, 0, 1, ForecastSettings.Scaling.GLOBAL, false);
        InputScaling pooled = new InputScaling(new float[] {2}, new float[] {4});
        SeriesWindows test = SeriesWindows.of(List.of(ramp("a", 6, 1)), 1, s, SeriesWindows.Part.TEST, pooled);
        SequenceBatch batch = new BatchBuilder(test, InputScaling.identity(1), 1).build(new int[] {0}, 0, 1);
        assertEquals((5 - 2) / 4f, batch.targets()[0]);
    }

    @Test
    void theSeasonalNaiveForecastRepeatsTheLastSeason() {
        // season 4, horizon 6 from origin 12: h = 0..3 take t = 8..11, h = 4, 5 take t = 8, 9 (two seasons back
        // would be before the origin's season: the last full season repeats).
        ForecastSettings s = settings(4, 6, 1, 6, 0, 4, ForecastSettings.Scaling.NONE, false);
        SeriesWindows test = SeriesWindows.of(List.of(ramp("a", 18, 1)), 1, s, SeriesWindows.Part.TEST, null);
        float[] r = test.reference(0);
        float[] seasonal = new float[6];
        for (int k = 0; k < 6; k++) {
            seasonal[k] = r[ForecastReference.seasonalNaive(1, 6, k)];
        }
        assertArrayEquals(new float[] {8, 9, 10, 11, 8, 9}, seasonal);
        assertEquals(4, r[ForecastReference.maseScale(1, 0)], "a ramp's differences over a season of 4 are 4");
    }

    @Test
    void aPerStepWindowPredictsEachNextValueAndIsJudgedOnItsLast() {
        ForecastSettings s = settings(3, 1, 1, 1, 0, 1, ForecastSettings.Scaling.NONE, true);
        List<Series> one = List.of(ramp("a", 8, 1));
        SequenceBatch train = new BatchBuilder(SeriesWindows.of(one, 1, s, SeriesWindows.Part.TRAIN, null),
                InputScaling.identity(1), 1).build(new int[] {0}, 0, 1);
        assertArrayEquals(new float[] {0, 1, 2}, train.inputs());
        assertArrayEquals(new float[] {1, 2, 3}, train.targets());
        SequenceBatch test = new BatchBuilder(SeriesWindows.of(one, 1, s, SeriesWindows.Part.TEST, null),
                InputScaling.identity(1), 1).build(new int[] {0}, 0, 1);
        assertArrayEquals(new float[] {Float.NaN, Float.NaN, 7}, test.targets());
        assertThrows(IllegalArgumentException.class,
                () -> settings(3, 2, 1, 2, 0, 1, ForecastSettings.Scaling.NONE, true));
    }

    @Test
    void aSeriesTooShortIsSkippedAndCounted() {
        ForecastSettings s = settings(4, 2, 1, 2, 0, 1, ForecastSettings.Scaling.SERIES, false);
        assertEquals(8, s.shortestSeries());
        SeriesWindows test = SeriesWindows.of(List.of(ramp("long", 9, 1), ramp("short", 7, 1)), 1, s,
                SeriesWindows.Part.TEST, null);
        assertEquals(1, test.skipped());
        assertEquals(List.of("long"), test.seriesIds());
        assertEquals(1, test.size());
        assertTrue(SeriesWindows.of(List.of(ramp("short", 7, 1)), 1, s, SeriesWindows.Part.LATEST, null).size() == 1,
                "a series of at least lookback steps can still be forecast past its end");
    }
}
