package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set small for its partitions: with the defaults (averaging every 8,192 examples of all replicas), 6,000
 * examples on 2 partitions are one round an epoch and 24 steps a replica, and 2 epochs of it learn much less than
 * one replica would. Nothing is wrong in the math, but the run's first lines and --plan say so, and what to change.
 */
class SmallRunTest {

    private static final String WARNING = "warning: a small run for 2 partitions: 1 round an epoch and 48 steps for "
            + "each replica in all (2 epochs of 24 minibatches)";

    private static List<String> settings(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("data.path=data/mnist", "data.trainLimit=6000",
                "data.testLimit=500", "train.epochs=2", "model.hidden=8", "train.workers=2", "log.progress=none",
                "output=" + run));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void theRunsFirstLinesAndThePlanSayWhatToChange(@TempDir Path dir) {
        JobHarness.Outcome run = JobHarness.run(settings(dir.resolve("run")));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(WARNING) && run.out().contains("train more epochs (train.epochs) or on fewer "
                + "partitions (train.workers), or average more often (train.averagingExamples)"), run.out());
        assertTrue(run.out().indexOf(WARNING) < run.out().indexOf("done:"), run.out());

        JobHarness.Outcome plan = JobHarness.run(settings(dir.resolve("planned"), "--plan"));
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains(WARNING), plan.out());
    }

    @Test
    void enoughRoundsAndStepsAreNoSmallRun(@TempDir Path dir) {
        // 60 minibatches of 50 a partition and epoch, averaged every 5: 12 rounds an epoch, 120 steps in all.
        JobHarness.Outcome plan = JobHarness.run(settings(dir.resolve("planned"), "train.batchSize=50",
                "train.averagingFrequency=5", "--plan"));
        assertEquals(0, plan.exitCode(), plan.err());
        assertFalse(plan.out().contains("a small run"), plan.out());
        assertTrue(plan.out().contains("12 rounds"), plan.out());
    }
}
