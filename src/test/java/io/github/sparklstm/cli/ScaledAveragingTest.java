package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings for many workers: the learning rate scaled by the worker count with its ramp, and the early phase of
 * frequent averagings (post-local SGD). Each round's size and rate are what the settings say, and a run killed in
 * the early phase resumes to the uninterrupted run's bits.
 */
class ScaledAveragingTest {

    /*
     * 3 workers of 500 examples; minibatches of 50 capped by the global limit to 120 / 3 = 40: 13 a partition per
     * epoch, 2 epochs, 26 steps; s = 3 x 40 / 50 = 2.4; averaged every 360 examples of all three, 3 minibatches.
     */
    private static final String[] SCALED = {"train.workers=3", "train.globalBatchLimit=120",
        "train.averagingFrequency=0", "train.averagingExamples=360",
        "train.learningRateScaling=sqrt", "train.scalingWarmupEpochs=1", "averaging.earlyFrequency=1",
        "averaging.earlyEpochs=0.5"};

    private static double cosine(long step) {
        return 0.01 * 0.5 * (1 + Math.cos(Math.PI * step / 26.0));
    }

    @Test
    void roundsAndRatesFollowTheSettingsAndAKilledRunResumesToTheSameBits(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("scaled");
        assertEquals(0, JobHarness.run(JobHarness.small(reference, SCALED)).exitCode());
        List<JsonNode> rounds = UnattendedRunTest.metrics(reference).stream()
                .filter(m -> "round".equals(m.path("type").asText())).toList();
        // Half an epoch averaged after every minibatch, then every 3.
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 10, 13, 16, 19, 22, 25, 26),
                rounds.stream().map(m -> m.path("step").asInt()).toList());
        double f = Math.sqrt(2.4);
        // The rate of the round's first step: ramped from 1x to f over the first epoch, then f.
        assertEquals(cosine(0) * (1 + (f - 1) / 13), rounds.get(0).path("learning_rate").asDouble(), 1e-12);
        assertEquals(cosine(4) * (1 + (f - 1) * 5 / 13), rounds.get(4).path("learning_rate").asDouble(), 1e-12);
        assertEquals(cosine(13) * f, rounds.get(9).path("learning_rate").asDouble(), 1e-12);

        Path plain = dir.resolve("plain");
        assertEquals(0, JobHarness.run(JobHarness.small(plain, "train.workers=3")).exitCode());
        assertNotEquals(JobHarness.modelDigest(plain), JobHarness.modelDigest(reference));

        // A checkpoint every 2 rounds: stopped after round 5, the run resumes from round 4, inside the early phase.
        Path run = dir.resolve("crashed");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "5"),
                JobHarness.small(run, SCALED)).exitCode());
        JobHarness.Outcome resumed = JobHarness.run(JobHarness.small(run, UnattendedRunTest.concat(SCALED, "--resume")));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(JobHarness.modelDigest(reference), JobHarness.modelDigest(run));
    }

    @Test
    void oneWorkerTrainsTheSameBitsWithOrWithoutTheManyWorkerSettings(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        Path scaled = dir.resolve("scaled");
        assertEquals(0, JobHarness.run(JobHarness.small(plain, "train.workers=1")).exitCode());
        assertEquals(0, JobHarness.run(JobHarness.small(scaled, UnattendedRunTest.concat(SCALED,
                "train.workers=1", "train.globalBatchLimit=1024"))).exitCode());
        assertEquals(JobHarness.modelDigest(plain), JobHarness.modelDigest(scaled));
    }
}
