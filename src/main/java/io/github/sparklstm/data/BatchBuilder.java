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
    private final SequenceSet.Targets targets;
    private final int maxBatchSize;
    private final Buffers full;
    /**
     * The last partial batch comes once per epoch, and shorter sequences in batches of their own length: those
     * arrays are kept apart so the full ones stay allocated.
     */
    private Buffers partial;
    /* Full batches of shorter sequences, by length: the few most recent, since bucketing repeats lengths. */
    private final java.util.Map<Integer, Buffers> shorter = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Integer, Buffers> eldest) {
            return size() > 8;
        }
    };
    private int[] positions;

    public BatchBuilder(SequenceSet set, InputScaling scaling, int maxBatchSize) {
        this.set = Objects.requireNonNull(set, "set");
        Objects.requireNonNull(scaling, "scaling");
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException("maxBatchSize must be positive, got " + maxBatchSize);
        }
        this.writer = set.writer(scaling);
        this.targets = set.targets();
        if (targets != null && set.ragged()) {
            throw new IllegalArgumentException("a regression set's sequences all have " + set.steps() + " steps");
        }
        this.maxBatchSize = maxBatchSize;
        this.full = new Buffers(maxBatchSize, set.steps(), set.features());
    }

    public SequenceSet set() {
        return set;
    }

    /**
     * The batch of examples {@code order[from .. from + count)}, in that order; sequences of different lengths are
     * put longest first (ties in order), as the network runs them, and {@link #lastPositions()} says where each
     * went. Its arrays are reused by the next call: consume it first.
     */
    public SequenceBatch build(int[] order, int from, int count) {
        Objects.checkFromIndexSize(from, count, order.length);
        if (count <= 0 || count > maxBatchSize) {
            throw new IllegalArgumentException("count must be in [1, " + maxBatchSize + "], got " + count);
        }
        int n = set.size();
        if (!set.ragged()) {
            Buffers out = buffers(count, set.steps());
            for (int e = 0; e < count; e++) {
                out.labels[e] = set.label(Objects.checkIndex(order[from + e], n));
            }
            writer.write(order, from, count, set.steps(), out.inputs);
            positions = null;
            if (targets != null) {
                return withTargets(out, order, from, count);
            }
            return new SequenceBatch(count, set.steps(), set.features(), out.inputs, out.labels, null,
                    stepLabels(out, order, from, count, set.steps()));
        }
        int[] given = new int[count];
        int[] byLength = new int[count];
        for (int e = 0; e < count; e++) {
            given[e] = set.length(Objects.checkIndex(order[from + e], n));
            // Insertion, stable, longest first: bucketed batches arrive nearly sorted, so this is about linear.
            int at = e;
            while (at > 0 && given[byLength[at - 1]] < given[e]) {
                byLength[at] = byLength[at - 1];
                at--;
            }
            byLength[at] = e;
        }
        int[] examples = new int[count];
        int[] lengths = new int[count];
        positions = new int[count];
        for (int e = 0; e < count; e++) {
            examples[e] = order[from + byLength[e]];
            lengths[e] = given[byLength[e]];
            positions[byLength[e]] = e;
        }
        Buffers out = buffers(count, lengths[0]);
        for (int e = 0; e < count; e++) {
            out.labels[e] = set.label(examples[e]);
        }
        writer.write(examples, 0, count, lengths[0], out.inputs);
        return new SequenceBatch(count, lengths[0], set.features(), out.inputs, out.labels, lengths,
                stepLabels(out, examples, 0, count, lengths[0]));
    }

    /* A regression set's batch: its windows are all as long, so never ragged. */
    private SequenceBatch withTargets(Buffers out, int[] order, int from, int count) {
        int rows = targets.perStep() ? count * set.steps() : count;
        if (out.targets == null) {
            out.targets = new float[rows * targets.outputs()];
            out.references = new float[count * targets.referenceWidth()];
        }
        targets.write(order, from, count, out.targets);
        targets.writeReferences(order, from, count, out.references);
        return new SequenceBatch(count, set.steps(), set.features(), out.inputs, out.labels, null, null, out.targets,
                out.references);
    }

    /* Time-major step labels of a set labelled per step, negative past each example's end; null otherwise. */
    private int[] stepLabels(Buffers out, int[] examples, int from, int count, int steps) {
        if (!set.perStep()) {
            return null;
        }
        if (out.stepLabels == null) {
            out.stepLabels = new int[count * out.steps];
        }
        for (int e = 0; e < count; e++) {
            int example = examples[from + e];
            int length = set.length(example);
            for (int t = 0; t < steps; t++) {
                out.stepLabels[t * count + e] = t < length ? set.stepLabel(example, t) : -1;
            }
        }
        return out.stepLabels.length == count * steps ? out.stepLabels
                : java.util.Arrays.copyOf(out.stepLabels, count * steps);
    }

    /**
     * Where the last batch put each example it was given: example {@code order[from + k]} is row
     * {@code lastPositions()[k]}; null when it kept them in order.
     */
    public int[] lastPositions() {
        return positions;
    }

    private Buffers buffers(int count, int steps) {
        if (count == maxBatchSize && steps == set.steps()) {
            return full;
        }
        if (count == maxBatchSize) {
            return shorter.computeIfAbsent(steps, s -> new Buffers(count, s, set.features()));
        }
        if (partial == null || partial.labels.length != count || partial.steps != steps) {
            partial = new Buffers(count, steps, set.features());
        }
        return partial;
    }

    private static final class Buffers {
        final float[] inputs;
        final int[] labels;
        final int steps;
        int[] stepLabels;
        float[] targets;
        float[] references;

        Buffers(int size, int steps, int features) {
            this.inputs = new float[Math.multiplyExact(Math.multiplyExact(size, steps), features)];
            this.labels = new int[size];
            this.steps = steps;
        }
    }
}
