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

    /* Streams of consecutive windows: row b of every batch follows row b of the batch before (n - 1 wraps to 0). */
    @Test
    void streamsContinueRowByRowAndCoverEveryWindowOnce() {
        int n = 103;
        int batch = 10;
        int[] order = EpochOrder.streams(n, batch, 7, 2, 1);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        int batches = EpochOrder.batchesPerEpoch(n, batch);
        for (int j = 1; j < batches; j++) {
            for (int b = 0; b < Math.min(batch, n - j * batch); b++) {
                assertEquals(order[(j - 1) * batch + b] + 1, order[j * batch + b] == 0 ? n : order[j * batch + b]);
            }
        }
        // Streams follow each other: the last window of stream b precedes the first of stream b + 1.
        int length = n / batch;
        for (int b = 0; b + 1 < batch; b++) {
            int last = b < n % batch ? order[length * batch + b] : order[(length - 1) * batch + b];
            assertEquals((last + 1) % n, order[b + 1]);
        }
        assertArrayEquals(order, EpochOrder.streams(n, batch, 7, 2, 1));
        assertFalse(Arrays.equals(order, EpochOrder.streams(n, batch, 7, 3, 1)), "another epoch starts elsewhere");
        assertArrayEquals(new int[] {0, 3, 1, 4, 2}, EpochOrder.streams(5, 2));
        assertArrayEquals(new int[] {0, 1, 2}, EpochOrder.streams(3, 8), "fewer windows than streams: one each");
        assertEquals(0, EpochOrder.streams(0, 4, 1, 0, 0).length);
    }
}
