package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sequences of different lengths: trimmed image rows, batches longest first, and bucketing by length. */
class RaggedSequencesTest {

    /* Four 5x2 images; ink (non-zero) rows: 1..3, 0..4, 2..2, none. */
    private static LabeledImages images() {
        byte[] pixels = new byte[4 * 10];
        int[][] inkRows = {{1, 3}, {0, 4}, {2, 2}, {}};
        for (int e = 0; e < 4; e++) {
            for (int row : inkRows[e]) {
                pixels[e * 10 + row * 2 + 1] = (byte) (10 * (e + 1) + row);
            }
        }
        return new LabeledImages(pixels, new byte[] {0, 1, 2, 3}, 5, 2);
    }

    @Test
    void trimmedRowsRunFromTheFirstToTheLastRowWithInk() {
        ImageSequences set = new ImageSequences(images(), ImageView.of("rows-trimmed", 5, 2, 0));
        assertTrue(set.ragged());
        assertEquals(5, set.steps());
        assertArrayEquals(new int[] {3, 5, 1, 1}, new int[] {set.length(0), set.length(1), set.length(2),
            set.length(3)});
        ImageSequences full = new ImageSequences(images(), ImageView.of("rows", 5, 2, 0));
        assertFalse(full.ragged());
        assertEquals(5, full.length(0));
    }

    @Test
    void aBatchRunsLongestFirstWithZerosPastEachEnd() {
        ImageSequences set = new ImageSequences(images(), ImageView.of("rows-trimmed", 5, 2, 0));
        BatchBuilder builder = new BatchBuilder(set, InputScaling.identity(2), 4);
        int[] order = {2, 0, 3, 1};
        SequenceBatch batch = builder.build(order, 0, 4);
        assertEquals(5, batch.steps());
        assertArrayEquals(new int[] {5, 3, 1, 1}, batch.lengths());
        // Image 1 (5 rows), image 0 (3), then images 2 and 3 (1 each) in the order given.
        assertArrayEquals(new int[] {1, 0, 2, 3}, batch.labels());
        assertArrayEquals(new int[] {2, 1, 3, 0}, builder.lastPositions());
        // Image 0 starts at its row 1: its first step holds pixel (1, 1) = 11 / 255.
        assertEquals(ImageView.raw(11), batch.input(0, 1, 1));
        assertEquals(ImageView.raw(13), batch.input(2, 1, 1));
        for (int t = 3; t < 5; t++) {
            assertEquals(0f, batch.input(t, 1, 1), "padding of image 0 at step " + t);
        }
        // Image 2 is its one inked row, 2.
        assertEquals(ImageView.raw(32), batch.input(0, 2, 1));
        // A batch of short ones only runs as long as its longest.
        SequenceBatch shortOnes = builder.build(new int[] {3, 2}, 0, 2);
        assertEquals(1, shortOnes.steps());
        assertEquals(2 * 2, shortOnes.inputs().length);
    }

    @Test
    void fixedLengthBatchesKeepTheirOrder() {
        ImageSequences set = new ImageSequences(images(), ImageView.of("rows", 5, 2, 0));
        BatchBuilder builder = new BatchBuilder(set, InputScaling.identity(2), 4);
        SequenceBatch batch = builder.build(new int[] {2, 0, 3, 1}, 0, 4);
        assertNull(batch.lengths());
        assertNull(builder.lastPositions());
        assertArrayEquals(new int[] {2, 0, 3, 1}, batch.labels());
    }

    @Test
    void statisticsCountOnlyTheStepsTheNetworkSees() {
        ImageSequences set = new ImageSequences(images(), ImageView.of("rows-trimmed", 5, 2, 0));
        FeatureStatistics statistics = new FeatureStatistics(2);
        set.addTo(statistics);
        assertEquals(3 + 5 + 1 + 1, statistics.count());
    }

    @Test
    void bucketingGroupsSimilarLengthsDeterministically() {
        int n = 1000;
        int[] lengths = new int[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int k = 0; k < n; k++) {
            lengths[k] = 1 + random.nextInt(50);
        }
        int[] order = EpochOrder.shuffled(n, 7, 0, 0);
        int[] bucketed = EpochOrder.bucketed(order, k -> lengths[k], 16, 8, 7, 0, 0);
        assertArrayEquals(bucketed, EpochOrder.bucketed(order, k -> lengths[k], 16, 8, 7, 0, 0));
        int[] sorted = bucketed.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < n; k++) {
            assertEquals(k, sorted[k], "not a permutation");
        }
        double before = EpochOrder.paddedShare(order, k -> lengths[k], 16);
        double after = EpochOrder.paddedShare(bucketed, k -> lengths[k], 16);
        assertTrue(after < before / 3, "padding " + before + " -> " + after);
        // Another epoch, another arrangement.
        int[] next = EpochOrder.bucketed(EpochOrder.shuffled(n, 7, 1, 0), k -> lengths[k], 16, 8, 7, 1, 0);
        assertFalse(Arrays.equals(bucketed, next));
    }

    @Test
    void paddingIsCountedPerBatchAtItsLongest() {
        // Batches {3, 1} and {2}: 2 x 3 + 1 x 2 = 8 slots for 6 real steps.
        assertEquals(0.25, EpochOrder.paddedShare(new int[] {0, 1, 2}, k -> new int[] {3, 1, 2}[k], 2), 1e-12);
    }

    @Test
    void aWindowsPartialBatchStaysLast() {
        int[] lengths = {1, 9, 2, 8, 3, 7, 4};
        int[] order = {0, 1, 2, 3, 4, 5, 6};
        int[] bucketed = EpochOrder.bucketed(order, k -> lengths[k], 3, 4, 1, 0, 0);
        // One window of 7: sorted 9 8 7 | 4 3 2 | 1, full batches shuffled, the partial one last.
        assertEquals(0, bucketed[6]);
        int[] firstBatch = Arrays.copyOfRange(bucketed, 0, 3);
        assertTrue(Arrays.equals(firstBatch, new int[] {1, 3, 5}) || Arrays.equals(firstBatch, new int[] {6, 4, 2}),
                Arrays.toString(bucketed));
    }
}
