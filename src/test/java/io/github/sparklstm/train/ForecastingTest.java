package io.github.sparklstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.ForecastReference;
import io.github.sparklstm.data.ForecastSettings;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.Series;
import io.github.sparklstm.data.SeriesWindows;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forecasting in one JVM: the metrics' formulas on numbers worked by hand, and an LSTM that learns seasonal series
 * of different levels and shapes well enough to beat the seasonal naive forecast on the test part, directly
 * several steps ahead and per step.
 */
class ForecastingTest {

    @Test
    void theMetricsAreTheirFormulas() {
        ForecastMetrics m = new ForecastMetrics(2, 1);
        // mean 10, std 2: standardised 0.5 is 11; actuals 12 and 8 (standardised 1 and -1).
        float[] reference = new float[ForecastReference.width(1, 2)];
        reference[ForecastReference.mean(0)] = 10;
        reference[ForecastReference.std(1, 0)] = 2;
        reference[ForecastReference.maseScale(1, 0)] = 4;
        reference[ForecastReference.naive(1, 0)] = 9;
        reference[ForecastReference.naive(1, 1)] = 9;
        reference[ForecastReference.seasonalNaive(1, 2, 0)] = 12;
        reference[ForecastReference.seasonalNaive(1, 2, 1)] = Float.NaN;
        m.add(new double[] {0.5, 0.5}, new float[] {1, -1}, reference);
        ForecastMetrics.Method model = ForecastMetrics.Method.MODEL;
        // errors: 11 - 12 = -1, 11 - 8 = 3
        assertEquals(5.0, m.mse(model, -1), 1e-12);
        assertEquals(Math.sqrt(5.0), m.rmse(model, -1), 1e-12);
        assertEquals(2.0, m.mae(model, -1), 1e-12);
        assertEquals((200.0 / 23 + 600.0 / 19) / 2, m.smape(model, -1), 1e-12);
        assertEquals(2.0 / 4, m.mase(model, -1), 1e-12);
        assertEquals(9.0, m.mse(model, 1), 1e-12, "the second horizon step alone");
        assertEquals((9.0 + 1.0) / 2, m.mse(ForecastMetrics.Method.NAIVE, -1), 1e-12);
        assertEquals(1, m.count(ForecastMetrics.Method.SEASONAL_NAIVE, -1), "a missing seasonal forecast counts not");
        assertEquals(0.0, m.mae(ForecastMetrics.Method.SEASONAL_NAIVE, 0), 1e-12);
        ForecastMetrics twice = m.copy().merge(m);
        assertEquals(4, twice.count(model, -1));
        assertEquals(m.mse(model, -1), twice.mse(model, -1), 1e-12);
    }

    /* Series of season 12: level, amplitude, phase and trend of their own, noise 10% of the amplitude. */
    static List<Series> seasonal(int count, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Series> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double level = random.nextDouble(10, 1000);
            double amplitude = level * random.nextDouble(0.1, 0.5);
            double phase = random.nextDouble(0, 2 * Math.PI);
            double trend = random.nextDouble(-0.005, 0.005) * level;
            double[] values = new double[length];
            for (int t = 0; t < length; t++) {
                values[t] = level + trend * t + amplitude * Math.sin(2 * Math.PI * t / 12 + phase)
                        + 0.5 * amplitude * Math.sin(4 * Math.PI * t / 12) + 0.1 * amplitude * random.nextGaussian();
            }
            all.add(new Series("s" + i, 0, 1, 1, values));
        }
        return all;
    }

    @ParameterizedTest(name = "per step: {0}")
    @EnumSource(value = ModelSpec.Output.class)
    void anLstmBeatsTheSeasonalNaiveForecast(ModelSpec.Output output) {
        boolean perStep = output == ModelSpec.Output.STEPS;
        int horizon = perStep ? 1 : 6;
        ForecastSettings forecast = new ForecastSettings(24, horizon, 2, 12, 0, 12, ForecastSettings.Scaling.SERIES,
                ForecastSettings.GapFill.REFUSE, perStep);
        List<Series> series = seasonal(30, 120, 7);
        SeriesWindows train = SeriesWindows.of(series, 1, forecast, SeriesWindows.Part.TRAIN, null);
        SeriesWindows test = SeriesWindows.of(series, 1, forecast, SeriesWindows.Part.TEST, null);
        ModelSpec spec = ModelSpec.regression(1, 32, 1, false, forecast.outputs(1), output, ModelSpec.Loss.MSE);
        TrainingSettings settings = new TrainingSettings(30, 32, OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM),
                new LearningRateSchedule.Constant(1e-2), 1.0, 3);
        Trainer.Result result = Trainer.train(spec, InputScaling.identity(1), train, test, settings,
                new Trainer.Listener() { });
        ForecastMetrics m = result.test().forecast();
        double model = m.mase(ForecastMetrics.Method.MODEL, -1);
        double seasonal = m.mase(ForecastMetrics.Method.SEASONAL_NAIVE, -1);
        double naive = m.mase(ForecastMetrics.Method.NAIVE, -1);
        System.out.printf("FORECAST %s test MASE %.3f (seasonal naive %.3f, naive %.3f), sMAPE %.2f%% (%.2f%%)%n",
                output, model, seasonal, naive, m.smape(ForecastMetrics.Method.MODEL, -1),
                m.smape(ForecastMetrics.Method.SEASONAL_NAIVE, -1));
        assertEquals(30L * 12, m.count(ForecastMetrics.Method.MODEL, -1), "every test step of every series once");
        assertTrue(model < 0.9 * seasonal, "MASE " + model + " against the seasonal naive's " + seasonal);
        assertTrue(seasonal < naive, "on seasonal series the seasonal naive beats the naive");
    }
}
