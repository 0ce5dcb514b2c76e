package io.github.sparklstm.data;

import java.util.SplittableRandom;

/**
 * The order examples are visited in: a seeded shuffle that depends only on (seed, epoch, partition), so any
 * process can recompute it. The Spark job relies on this for determinism and for resuming mid-run.
 */
public final class EpochOrder {
    private EpochOrder() {
    }

    /**
     * A permutation of 0..n-1: Fisher-Yates driven by a SplittableRandom whose seed is
     * {@code mix(mix(mix(seed) + epoch) + partition)}, where mix is the SplitMix64 finalizer (Stafford's variant
     * 13) and epoch and partition count as unsigned 32-bit values. Each mix is a bijection, so for one seed and
     * epoch every partition gets a different generator seed, and for one seed every epoch gets a different
     * intermediate value; the nested mixing keeps nearby triples from giving related streams.
     */
    public static int[] shuffled(int n, long seed, int epoch, int partition) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        long mixed = mix(mix(mix(seed) + Integer.toUnsignedLong(epoch)) + Integer.toUnsignedLong(partition));
        return fisherYates(n, new SplittableRandom(mixed));
    }

    /**
     * The order an epoch trains in: {@link #shuffled}, and for sequences of different lengths then
     * {@link #bucketed} so that each batch holds sequences of similar length.
     */
    public static int[] forTraining(SequenceSet set, int batchSize, long seed, int epoch, int partition) {
        int[] order = shuffled(set.size(), seed, epoch, partition);
        return set.ragged() ? bucketed(order, set::length, batchSize, BUCKET_WINDOW, seed, epoch, partition) : order;
    }

    /** As {@link #forTraining(SequenceSet, int, long, int, int)}, or {@link #streams} when state is carried. */
    public static int[] forTraining(SequenceSet set, int batchSize, long seed, int epoch, int partition,
                                    boolean carryState) {
        return carryState ? streams(set.size(), batchSize, seed, epoch, partition)
                : forTraining(set, batchSize, seed, epoch, partition);
    }

    /**
     * The order of an epoch that carries state from window to window (char-rnn's): the {@code n} windows, in their
     * own order from a seeded first window and round again, dealt into {@code batchSize} streams of consecutive
     * windows, so that row b of every batch continues row b of the batch before. With n = B·L + r, streams b < r
     * hold L + 1 windows and fill the last, partial batch of r, where {@link #batchesPerEpoch} expects it. The
     * seeded start moves the streams' boundaries from epoch to epoch; only at the one place where the order wraps
     * round does a stream continue from a window that did not precede it. Deterministic in (seed, epoch, partition).
     */
    public static int[] streams(int n, int batchSize, long seed, int epoch, int partition) {
        if (n < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("need n >= 0 and batchSize > 0, got " + n + " and " + batchSize);
        }
        if (n == 0) {
            return new int[0];
        }
        // A generator apart from the shuffle's and the bucketing's: mix twice more than shuffled does.
        int first = new SplittableRandom(mix(mix(mix(mix(mix(seed) + Integer.toUnsignedLong(epoch))
                + Integer.toUnsignedLong(partition)) + 2))).nextInt(n);
        return streams(n, batchSize, first);
    }

    /** {@link #streams(int, int, long, int, int)} from window 0, with no wrap: how carried-state evaluation reads. */
    public static int[] streams(int n, int batchSize) {
        return streams(n, batchSize, 0);
    }

    private static int[] streams(int n, int batchSize, int first) {
        int[] order = new int[n];
        int length = n / batchSize;
        int longer = n % batchSize;
        int at = 0;
        for (int j = 0; j <= length; j++) {
            for (int b = 0; b < (j < length ? batchSize : longer); b++) {
                int window = b * length + Math.min(b, longer) + j;
                order[at++] = (int) (((long) first + window) % n);
            }
        }
        return order;
    }

    /** Batches per bucketing window: long enough to find similar lengths, short enough to keep the shuffle. */
    public static final int BUCKET_WINDOW = 32;

    /**
     * Bucketing by length within windows of the shuffled {@code order}: each run of {@code window} batches is
     * sorted longest first (stable), cut into batches, and those batches are visited in a shuffled order, so an
     * epoch neither pads much nor meets its long sequences first. The last, shorter window keeps its partial batch
     * at the end, where {@link #batchesPerEpoch} expects it. Deterministic in (seed, epoch, partition).
     */
    public static int[] bucketed(int[] order, java.util.function.IntUnaryOperator length, int batchSize, int window,
                                 long seed, int epoch, int partition) {
        if (batchSize <= 0 || window <= 0) {
            throw new IllegalArgumentException("need batchSize > 0 and window > 0, got " + batchSize + ", " + window);
        }
        int n = order.length;
        int[] lengths = new int[n];
        for (int k = 0; k < n; k++) {
            lengths[k] = length.applyAsInt(order[k]);
        }
        // A generator apart from the shuffle's: mix once more than shuffled does.
        SplittableRandom random = new SplittableRandom(mix(mix(mix(mix(seed) + Integer.toUnsignedLong(epoch))
                + Integer.toUnsignedLong(partition)) + 1));
        int[] result = new int[n];
        int span = Math.multiplyExact(batchSize, window);
        for (int start = 0; start < n; start += span) {
            int end = Math.min(n, start + span);
            Integer[] positions = new Integer[end - start];
            for (int k = 0; k < positions.length; k++) {
                positions[k] = start + k;
            }
            java.util.Arrays.sort(positions, (a, b) -> Integer.compare(lengths[b], lengths[a]));
            int full = positions.length / batchSize;
            int[] batchOrder = fisherYates(full, random);
            int at = start;
            for (int b : batchOrder) {
                for (int k = 0; k < batchSize; k++) {
                    result[at++] = order[positions[b * batchSize + k]];
                }
            }
            for (int k = full * batchSize; k < positions.length; k++) {
                result[at++] = order[positions[k]];
            }
        }
        return result;
    }

    /**
     * The share of step slots that are padding when {@code order} is cut into batches of {@code batchSize}: a batch
     * runs as many steps as its longest sequence, for each of its sequences.
     */
    public static double paddedShare(int[] order, java.util.function.IntUnaryOperator length, int batchSize) {
        long slots = 0;
        long real = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int longest = 0;
            for (int k = from; k < to; k++) {
                int steps = length.applyAsInt(order[k]);
                longest = Math.max(longest, steps);
                real += steps;
            }
            slots += (long) longest * (to - from);
        }
        return slots == 0 ? 0 : 1 - (double) real / slots;
    }

    /** How many batches cover n examples: the last batch may be partial. */
    public static int batchesPerEpoch(int n, int batchSize) {
        if (n < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("need n >= 0 and batchSize > 0, got " + n + " and " + batchSize);
        }
        return n / batchSize + (n % batchSize == 0 ? 0 : 1);
    }

    /** A uniformly random permutation of 0..n-1 drawn from {@code random}. */
    static int[] fisherYates(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The SplitMix64 finalizer (Stafford variant 13): a bijection that scatters nearby inputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
