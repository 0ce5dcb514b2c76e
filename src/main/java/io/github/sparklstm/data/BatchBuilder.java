package io.github.sparklstm.data;

import java.util.Objects;

/**
 * Builds {@link SequenceBatch}es from a {@link SequenceSet}, reusing its arrays: it runs once per training step,
 * and a fresh 128 x 784 float array each time would be 400 KB of garbage per step.
 *
 * <p>Not thread-safe: use one per worker thread. The batch returned by {@link #build} is a fresh record, but its
 * arrays are overwritten by the next call of the same size, so consume (or copy) it before calling again.
 */
public final class BatchBuilder {

    private final SequenceSet set;
    private final SequenceSet.BatchWriter writer;
    private final int maxBatchSize;
    private final Buffers full;
    /** The last partial batch comes once per epoch; its arrays are kept apart so the full ones stay allocated. */
    private Buffers partial;

    public BatchBuilder(SequenceSet set, InputScaling scaling, int maxBatchSize) {
        this.set = Objects.requireNonNull(set, "set");
        Objects.requireNonNull(scaling, "scaling");
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException("maxBatchSize must be positive, got " + maxBatchSize);
        }
        this.writer = set.writer(scaling);
        this.maxBatchSize = maxBatchSize;
        this.full = new Buffers(maxBatchSize, set.steps(), set.features());
    }

    public SequenceSet set() {
        return set;
    }

    /**
     * The batch of examples {@code order[from .. from + count)}, in that order. Its arrays are reused by the
     * next call: consume it first.
     */
    public SequenceBatch build(int[] order, int from, int count) {
        Objects.checkFromIndexSize(from, count, order.length);
        if (count <= 0 || count > maxBatchSize) {
            throw new IllegalArgumentException("count must be in [1, " + maxBatchSize + "], got " + count);
        }
        Buffers out = buffers(count);
        int n = set.size();
        for (int e = 0; e < count; e++) {
            out.labels[e] = set.label(Objects.checkIndex(order[from + e], n));
        }
        writer.write(order, from, count, out.inputs);
        return new SequenceBatch(count, set.steps(), set.features(), out.inputs, out.labels);
    }

    private Buffers buffers(int count) {
        if (count == maxBatchSize) {
            return full;
        }
        if (partial == null || partial.labels.length != count) {
            partial = new Buffers(count, set.steps(), set.features());
        }
        return partial;
    }

    private static final class Buffers {
        final float[] inputs;
        final int[] labels;

        Buffers(int size, int steps, int features) {
            this.inputs = new float[Math.multiplyExact(Math.multiplyExact(size, steps), features)];
            this.labels = new int[size];
        }
    }
}
