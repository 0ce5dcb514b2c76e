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
