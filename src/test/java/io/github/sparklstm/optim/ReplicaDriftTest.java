package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicaDriftTest {

    @Test
    void theShareIsTheWeightedSpreadAroundTheAverageOverTheMeanMovement() {
        Random random = new Random(7);
        int n = 50;
        float[] start = new float[n];
        for (int k = 0; k < n; k++) {
            start[k] = (float) random.nextGaussian();
        }
        long[] weights = {3, 1, 5, 2};
        float[][] replicas = new float[weights.length][n];
        long total = 0;
        double meanMovement = 0;
        float[] average = new float[n];
        for (int i = 0; i < weights.length; i++) {
            for (int k = 0; k < n; k++) {
                // A shared direction plus each replica's own noise.
                replicas[i][k] = start[k] + 0.1f * (k % 3) + (float) (0.05 * random.nextGaussian());
            }
            total += weights[i];
            meanMovement += weights[i] * ReplicaDrift.squaredDistance(replicas[i], start);
        }
        meanMovement /= total;
        double[] sums = new double[n];
        for (int i = 0; i < weights.length; i++) {
            for (int k = 0; k < n; k++) {
                sums[k] += weights[i] * (double) replicas[i][k];
            }
        }
        for (int k = 0; k < n; k++) {
            average[k] = (float) (sums[k] / total);
        }
        double spread = 0;
        for (int i = 0; i < weights.length; i++) {
            spread += weights[i] * ReplicaDrift.squaredDistance(replicas[i], average);
        }
        spread /= total;
        double share = ReplicaDrift.share(meanMovement, ReplicaDrift.squaredDistance(average, start));
        assertEquals(spread / meanMovement, share, 1e-6);
        assertTrue(share > 0.01 && share < 0.5, "noise smaller than the shared direction: " + share);
    }

    @Test
    void replicasThatAgreeOrDoNotMoveHaveNoDriftAndOnesThatCancelHaveAll() {
        assertEquals(0, ReplicaDrift.share(0, 0));
        assertEquals(0, ReplicaDrift.share(2.0, 2.0));
        assertEquals(0, ReplicaDrift.share(2.0, 2.0 + 1e-12), "rounding above the mean is clamped");
        assertEquals(1, ReplicaDrift.share(2.0, 0));
        assertEquals(5.0, ReplicaDrift.squaredDistance(new float[] {1, 2}, new float[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> ReplicaDrift.squaredDistance(new float[1], new float[2]));
    }
}
