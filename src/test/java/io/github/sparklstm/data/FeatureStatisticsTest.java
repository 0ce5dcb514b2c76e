package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    /** Rows of 3 features around large offsets, where sums of squares would lose every digit of the variance. */
    private static float[] values(int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[steps * 3];
        for (int s = 0; s < steps; s++) {
            v[3 * s] = (float) (1e4 + random.nextGaussian());
            v[3 * s + 1] = (float) (-2 + 0.5 * random.nextGaussian());
            v[3 * s + 2] = 7f; // constant
        }
        return v;
    }

    private static double[] direct(float[] v, int feature) {
        double sum = 0;
        int n = v.length / 3;
        for (int s = 0; s < n; s++) {
            sum += v[3 * s + feature];
        }
        double mean = sum / n;
        double squares = 0;
        for (int s = 0; s < n; s++) {
            double d = v[3 * s + feature] - mean;
            squares += d * d;
        }
        return new double[] {mean, squares / n};
    }

    @Test
    void meansAndVariancesMatchTwoPassComputation() {
        float[] v = values(5000, 1);
        FeatureStatistics stats = new FeatureStatistics(3);
        for (int s = 0; s < 5000; s++) {
            stats.addStep(v, 3 * s);
        }
        for (int f = 0; f < 3; f++) {
            double[] expected = direct(v, f);
            assertEquals(expected[0], stats.mean(f), 1e-9 * Math.max(1, Math.abs(expected[0])));
            assertEquals(expected[1], stats.variance(f), 1e-9);
        }
        InputScaling each = stats.perFeature();
        assertEquals(1f, each.std()[2], "a constant feature is centred, not divided by zero");
        assertEquals(7f, each.mean()[2]);
        assertEquals(Math.sqrt(direct(v, 1)[1]), each.std()[1], 1e-6);
    }

    @Test
    void mergingPartsEqualsOnePassUpToRounding() {
        float[] v = values(3000, 2);
        FeatureStatistics whole = new FeatureStatistics(3);
        FeatureStatistics a = new FeatureStatistics(3);
        FeatureStatistics b = new FeatureStatistics(3);
        for (int s = 0; s < 3000; s++) {
            whole.addStep(v, 3 * s);
            (s < 1100 ? a : b).addStep(v, 3 * s);
        }
        a.merge(b).merge(new FeatureStatistics(3));
        assertEquals(whole.count(), a.count());
        for (int f = 0; f < 3; f++) {
            assertEquals(whole.mean(f), a.mean(f), 1e-9 * Math.max(1, Math.abs(whole.mean(f))));
            assertEquals(whole.variance(f), a.variance(f), 1e-7);
        }
        assertThrows(IllegalArgumentException.class, () -> a.merge(new FeatureStatistics(2)));
    }

    @Test
    void pooledStatisticsAreThoseOfAllValues() {
        float[] v = values(2000, 3);
        FeatureStatistics stats = new FeatureStatistics(3);
        for (int s = 0; s < 2000; s++) {
            stats.addStep(v, 3 * s);
        }
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double squares = 0;
        for (float x : v) {
            squares += (x - mean) * (x - mean);
        }
        InputScaling pooled = stats.pooled();
        assertTrue(pooled.isUniform());
        assertEquals(mean, pooled.mean()[0], 1e-3);
        assertEquals(Math.sqrt(squares / v.length), pooled.std()[0], 1e-3);
    }

    @Test
    void mnistStatisticsAreTheKnownOnes() throws Exception {
        LabeledImages train = MnistFiles.readTrain(TestData.mnistDir());
        FeatureStatistics stats = new FeatureStatistics(28);
        new ImageSequences(train, ImageView.of("rows", 28, 28, 0)).addTo(stats);
        InputScaling scaling = stats.pooled();
        // The statistics torchvision's MNIST examples hard-code.
        assertEquals(0.1307, scaling.mean()[0], 5e-5);
        assertEquals(0.3081, scaling.std()[0], 5e-5);
        assertEquals(-scaling.mean()[0] / scaling.std()[0], scaling.apply(0, ImageView.raw(0)), 1e-6);
    }
}
