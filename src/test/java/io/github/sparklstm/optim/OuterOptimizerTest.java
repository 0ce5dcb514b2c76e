package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OuterOptimizerTest {

    private static OuterOptimizer.Settings adam(double rate, double epsilon) {
        return new OuterOptimizer.Settings(OuterOptimizer.Method.ADAM, 0, 1, rate, 0.9, 0.99, epsilon);
    }

    private static OuterOptimizer.Settings bmuf(double momentum, double rate) {
        return new OuterOptimizer.Settings(OuterOptimizer.Method.BMUF, momentum, rate, 0, 0, 0, 0);
    }

    @Test
    void plainAveragingTakesTheAverageAndBlockMomentumWithoutMomentumIsIt() {
        float[] start = {0.5f, -1f, 2f};
        float[] averaged = {0.25f, -0.75f, 2.125f};
        for (OuterOptimizer plain : new OuterOptimizer[] {new OuterOptimizer.Settings(OuterOptimizer.Method.MEAN,
                0, 1, 0, 0, 0, 0).fresh(start), bmuf(0, 1).fresh(start)}) {
            float[] next = plain.update(averaged, start);
            assertArrayEquals(averaged, next);
            assertArrayEquals(averaged, plain.model(next));
        }
        assertTrue(new PlainAverage().state().isEmpty());
    }

    @Test
    void blockMomentumLooksAheadButSavesTheFilteredModel() {
        float[] start = {0f, 0f};
        OuterOptimizer block = bmuf(0.5, 1).fresh(start);
        float[] next = block.update(new float[] {1f, -2f}, start);
        // Δ = G = (1, -2); W = (1, -2); the next start looks ahead by μΔ.
        assertArrayEquals(new float[] {1.5f, -3f}, next);
        assertArrayEquals(new float[] {1f, -2f}, block.model(next));
        // The second round moved the look-ahead by (0.5, 1): Δ = 0.5·(1, -2) + (0.5, 1) = (1, 0).
        float[] after = block.update(new float[] {2f, -2f}, next);
        assertArrayEquals(new float[] {2f, -2f}, block.model(after));
        assertArrayEquals(new float[] {2.5f, -2f}, after);
    }

    @Test
    void serverAdamStepsByTheFilteredPseudoGradient() {
        OuterOptimizer adam = adam(0.01, 1e-3).fresh(new float[2]);
        float[] next = adam.update(new float[] {0.1f, -0.001f}, new float[2]);
        // m = 0.1·Δ, v = 0.01·Δ²: a large movement steps about η·0.1/0.1 = η, one near τ much less.
        double m0 = 0.1 * 0.1f;
        double v0 = 0.01 * 0.1f * 0.1f;
        double m1 = 0.1 * -0.001f;
        double v1 = 0.01 * -0.001f * -0.001f;
        assertEquals((float) (0.01 * m0 / (Math.sqrt(v0) + 1e-3)), next[0]);
        assertEquals((float) (0.01 * m1 / (Math.sqrt(v1) + 1e-3)), next[1]);
        assertTrue(next[0] > 0.009 && next[0] < 0.01 && next[1] < 0 && next[1] > -0.001, next[0] + " " + next[1]);
        assertArrayEquals(next, adam.model(next), "no look-ahead: the start is the model");

        // A replica movement that reverses sign in the next round is damped by the first moment.
        float[] back = adam.update(new float[] {next[0] - 0.1f, next[1]}, next);
        assertTrue(back[0] < next[0] && back[0] > next[0] - 0.01, back[0] + " after " + next[0]);
    }

    @Test
    void aRestoredStateTakesTheSameStepsBitForBit() {
        for (OuterOptimizer.Settings settings : new OuterOptimizer.Settings[] {bmuf(0.7, 0.8), adam(0.03, 1e-3)}) {
            float[] start = {0.1f, -0.2f, 0.3f};
            float[][] averages = {{0.2f, -0.1f, 0.25f}, {0.15f, -0.3f, 0.4f}, {0.3f, 0f, 0.2f}};
            OuterOptimizer straight = settings.fresh(start);
            float[] a = start;
            for (float[] averaged : averages) {
                a = straight.update(averaged, a);
            }
            OuterOptimizer first = settings.fresh(start);
            float[] b = first.update(averages[0], start);
            Map<String, float[]> saved = first.state();
            OuterOptimizer restored = settings.restore(saved, b);
            b = restored.update(averages[1], b);
            b = restored.update(averages[2], b);
            assertArrayEquals(a, b, settings.method().toString());
            assertArrayEquals(straight.model(a), restored.model(b), settings.method().toString());
        }
    }

    @Test
    void refusesTheStateOfAnotherMethodNamingWhatIsMissing() {
        float[] start = new float[4];
        Map<String, float[]> blockState = bmuf(0.5, 1).fresh(start).state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam(0.01, 1e-3).restore(blockState, start));
        assertTrue(e.getMessage().contains("server_first_moment") && e.getMessage().contains("averaging.method"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam(0, 1e-3).fresh(start));
        assertThrows(IllegalArgumentException.class,
                () -> new OuterOptimizer.Settings(OuterOptimizer.Method.ADAM, 0, 1, 0.01, 1, 0.99, 1e-3).fresh(start));
    }
}
