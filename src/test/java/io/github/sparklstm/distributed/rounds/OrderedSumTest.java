package io.github.sparklstm.distributed.rounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.train.StepStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tree-ordered sum gives the same bits whatever order and grouping the partial sums arrive in. */
class OrderedSumTest {

    private static Contribution contribution(int partition, Random random, int length, int examples) {
        float[] params = new float[length];
        float[] state = new float[2 * length];
        for (int k = 0; k < length; k++) {
            // Mixed magnitudes make float addition visibly order-dependent.
            params[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
        }
        for (int k = 0; k < state.length; k++) {
            state[k] = random.nextFloat();
        }
        return new Contribution(partition, params, state,
                new StepStats(3, examples, examples, random.nextDouble() * examples, examples / 2, 1_000_000L * partition, false),
                partition, 2L * partition, random.nextDouble());
    }

    private static double[] sumInRandomGrouping(List<Contribution> contributions, int partitions, long seed) {
        List<Contribution> shuffled = new ArrayList<>(contributions);
        Random random = new Random(seed);
        Collections.shuffle(shuffled, random);
        List<OrderedSum> partials = new ArrayList<>();
        for (Contribution c : shuffled) {
            partials.add(new OrderedSum(partitions).add(c));
        }
        while (partials.size() > 1) {
            OrderedSum a = partials.remove(random.nextInt(partials.size()));
            OrderedSum b = partials.remove(random.nextInt(partials.size()));
            partials.add(random.nextBoolean() ? a.merge(b) : b.merge(a));
        }
        OrderedSum.Node total = partials.get(0).total();
        double[] vector = total.values.sums().clone();
        double[] withStats = java.util.Arrays.copyOf(vector, vector.length + 2);
        withStats[vector.length] = total.lossSum;
        withStats[vector.length + 1] = total.weightedSquaredMovement;
        return withStats;
    }

    @Test
    void sumIsBitIdenticalForAnyArrivalOrder() {
        for (int partitions : new int[] {1, 2, 3, 5, 8, 13}) {
            Random random = new Random(partitions);
            List<Contribution> contributions = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                contributions.add(contribution(p, random, 257, 100 + random.nextInt(50)));
            }
            double[] reference = sumInRandomGrouping(contributions, partitions, 0);
            for (long seed = 1; seed < 20; seed++) {
                assertArrayEquals(reference, sumInRandomGrouping(contributions, partitions, seed),
                        "partitions=" + partitions + " grouping seed=" + seed);
            }
        }
    }

    @Test
    void naiveSummationWouldNotBe() {
        // Guards the test above: with these inputs, plain left-to-right sums do depend on the order.
        Random random = new Random(5);
        List<Contribution> contributions = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            contributions.add(contribution(p, random, 257, 100 + random.nextInt(50)));
        }
        boolean differs = false;
        double[] forward = naive(contributions);
        Collections.reverse(contributions);
        double[] backward = naive(contributions);
        for (int k = 0; k < forward.length; k++) {
            differs |= forward[k] != backward[k];
        }
        assertTrue(differs);
    }

    private static double[] naive(List<Contribution> contributions) {
        double[] sum = new double[contributions.get(0).parameters().length];
        for (Contribution c : contributions) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += (double) c.parameters()[k] * c.stats().examples();
            }
        }
        return sum;
    }

    @Test
    void onePartitionAveragesBackToItsOwnFloats() {
        Contribution only = contribution(0, new Random(1), 100, 7919);
        OrderedSum.Node total = new OrderedSum(1).add(only).total();
        for (int k = 0; k < only.parameters().length; k++) {
            assertEquals(Float.floatToRawIntBits(only.parameters()[k]),
                    Float.floatToRawIntBits(total.values.mean(0, only.parameters().length)[k]));
        }
        assertEquals(7919, total.examples());
    }

    @Test
    void totalsCountsAndTimes() {
        Random random = new Random(3);
        OrderedSum sum = new OrderedSum(3);
        long examples = 0;
        for (int p = 0; p < 3; p++) {
            Contribution c = contribution(p, random, 10, 10 * (p + 1));
            examples += c.stats().examples();
            sum.add(c);
        }
        OrderedSum.Node total = sum.total();
        assertEquals(examples, total.examples());
        assertEquals(2_000_000L, total.maxComputeNanos);
        assertEquals(3_000_000L, total.sumComputeNanos);
        assertEquals(2L, total.maxSetupNanos); // the slowest task's own parts, from contribution()'s p and 2p
        assertEquals(4L, total.maxPackNanos);
        assertEquals(3, total.partitionsWithWork);
    }

    @Test
    void refusesIncompleteOrDuplicatedSums() {
        Random random = new Random(4);
        OrderedSum missing = new OrderedSum(3).add(contribution(0, random, 4, 5)).add(contribution(2, random, 4, 5));
        assertThrows(IllegalStateException.class, missing::total);
        OrderedSum twice = new OrderedSum(2).add(contribution(1, random, 4, 5));
        assertThrows(IllegalStateException.class, () -> twice.add(contribution(1, random, 4, 5)));
    }
}
