package io.github.sparklstm.distributed.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.optim.OuterOptimizer;
import io.github.sparklstm.optim.PlainAverage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A configuration means one training: the settings that the partition count scales, and the typed choices. */
class RunSettingsTest {

    @Test
    void thePartitionCountScalesTheMinibatchThePeriodAndTheRate() {
        Config defaults = Config.load(null, null, List.of());
        RunSettings one = RunSettings.of(defaults, 1);
        RunSettings sixteen = RunSettings.of(defaults, 16);
        assertEquals(128, one.steps().batchSize());
        assertEquals(64, sixteen.steps().batchSize());
        assertEquals(64, one.averaging().period().frequency());
        assertEquals(8, sixteen.averaging().period().frequency());
        assertEquals(1, one.rates().factor(), 0);
        assertEquals(Math.sqrt(8), sixteen.rates().factor(), 1e-15);
        // Past its ramp of one epoch, the scaled schedule is the factor times the unscaled one.
        RunSettings unscaled = RunSettings.of(defaults.with("train.learningRateScaling", "none"), 16);
        assertEquals(one.schedule(100), unscaled.schedule(100));
        assertEquals(Math.sqrt(8) * unscaled.schedule(100).rateAt(150), sixteen.schedule(100).rateAt(150), 1e-12);
    }

    @Test
    void choicesArriveAsTypes() {
        Config config = Config.load(null, null, List.of("averaging.exchange=jobs", "train.stopAfterEpochs=3",
                "averaging.method=bmuf"));
        RunSettings settings = RunSettings.of(config, 2);
        assertEquals(RoundExchange.Mode.JOBS, settings.averaging().exchange());
        assertEquals(3, settings.epochs().toRun());
        assertEquals(OuterOptimizer.Method.BMUF, settings.averaging().outer().method());
        assertEquals(PlainAverage.class, RunSettings.of(Config.load(null, null, List.of()), 2).averaging().outer()
                .fresh(new float[1]).getClass());
    }
}
