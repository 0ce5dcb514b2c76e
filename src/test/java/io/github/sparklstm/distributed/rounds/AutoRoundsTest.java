package io.github.sparklstm.distributed.rounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparklstm.train.Position;
import io.github.sparklstm.train.StepStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * averaging.exchange=auto decides at every segment's start: when the cluster's slots come and go between epochs it
 * moves between the endpoint and a job per round, says so once per change, and the totals keep their bits.
 */
class AutoRoundsTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("AutoRoundsTest")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    /* A partition's replica: the round's parameters moved by an amount of its own; counts barrier tasks. */
    private static final class Shift implements RoundExchange.Work<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Contribution run(Integer partition, Round round, long enteredNanos) {
            float[] moved = round.parameters().clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] = moved[i] * (1 + 0.01f * partition) + 0.1f * (float) Math.sin(i + partition);
            }
            boolean barrier = TaskContext.get() instanceof BarrierTaskContext;
            return new Contribution(partition, moved, new float[0],
                    new StepStats(1, 10L + partition, 10L + partition, 0, barrier ? 1 : 0, 0, false), 0, 0, 0);
        }
    }

    private static Round round(long number, float[] parameters) {
        return new Round(new Position(number - 1, (int) (number - 1) / 2, 0, number), 1, 1, parameters, new float[0], 0,
                0);
    }

    private static float[] mean(OrderedSum.Node total) {
        return total.values.mean(0, 64);
    }

    @Test
    void movesWithTheSlotsBetweenSegmentsAndKeepsTheBits() {
        List<Integer> items = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            items.add(p);
        }
        // Five partitions on two slots: the endpoint's tasks read grouped shards, the jobs' tasks coalesce.
        JavaRDD<Integer> partitions = sc.parallelize(items, 5).cache();
        // At the start, then at each of three segments' first round: possible, not possible, possible again.
        Deque<String> checks = new ArrayDeque<>(List.of("", "", "3 executors lost", ""));
        List<String> changes = new ArrayList<>();
        // The reference first: a standing barrier job holds every slot, so nothing else runs beside a segment.
        List<float[]> viaJobs = new ArrayList<>();
        try (RoundExchange jobs = new JobRounds<>(sc, partitions, new Shift())) {
            float[] parameters = new float[64];
            for (long r = 1; r <= 6; r++) {
                parameters = mean(jobs.run(round(r, parameters)).total());
                viaJobs.add(parameters);
            }
        }
        List<Long> barrierPartitions = new ArrayList<>();
        try (RoundExchange auto = new AutoRounds<>(sc, partitions, new Shift(), checks::pop,
                (first, description) -> changes.add(first.round() + ": " + description))) {
            float[] parameters = new float[64];
            for (long r = 1; r <= 6; r++) {
                OrderedSum.Node total = auto.run(round(r, parameters)).total();
                parameters = mean(total);
                assertArrayEquals(viaJobs.get((int) r - 1), parameters, "round " + r);
                assertEquals(5 * 10 + 10, total.examples());
                barrierPartitions.add(total.correct);
                if (r % 2 == 0) {
                    auto.pause();
                }
            }
        }
        assertEquals(List.of(5L, 5L, 0L, 0L, 5L, 5L), barrierPartitions);
        assertEquals(List.of("3: a Spark job per round (3 executors lost)",
                "5: " + RoundExchange.description("")), changes);
        assertEquals(0, checks.size());
    }
}
