package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

    @Test
    void isAPermutation() {
        int[] order = EpochOrder.shuffled(60000, 7, 0, 0);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(sorted, order), "actually shuffled");
        assertEquals(0, EpochOrder.shuffled(0, 7, 0, 0).length);
        assertArrayEquals(new int[] {0}, EpochOrder.shuffled(1, 7, 0, 0));
    }

    @Test
    void dependsOnlyOnSeedEpochAndPartition() {
        int[] order = EpochOrder.shuffled(1000, 7, 3, 2);
        assertArrayEquals(order, EpochOrder.shuffled(1000, 7, 3, 2));
        assertFalse(Arrays.equals(order, EpochOrder.shuffled(1000, 8, 3, 2)), "seed");
        assertFalse(Arrays.equals(order, EpochOrder.shuffled(1000, 7, 4, 2)), "epoch");
        assertFalse(Arrays.equals(order, EpochOrder.shuffled(1000, 7, 3, 3)), "partition");
        // Swapping epoch and partition must not give the same order.
        assertFalse(Arrays.equals(order, EpochOrder.shuffled(1000, 7, 2, 3)), "epoch and partition swapped");
    }

    @Test
    void batchesPerEpochRoundsUp() {
        assertEquals(469, EpochOrder.batchesPerEpoch(60000, 128));
        assertEquals(79, EpochOrder.batchesPerEpoch(10000, 128));
        assertEquals(2, EpochOrder.batchesPerEpoch(256, 128));
        assertEquals(0, EpochOrder.batchesPerEpoch(0, 128));
        assertEquals(1, EpochOrder.batchesPerEpoch(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> EpochOrder.batchesPerEpoch(10, 0));
    }
}
