package io.github.sparklstm.data;

import java.util.Objects;

/**
 * Builds {@link SequenceBatch}es from byte images, reusing its arrays: it runs once per training step, and a
 * fresh 128 x 784 float array each time would be 400 KB of garbage per step.
 *
 * <p>Not thread-safe: use one per worker thread. The batch returned by {@link #build} is a fresh record, but its
 * arrays are overwritten by the next call of the same size, so consume (or copy) it before calling again.
 */
public final class BatchBuilder {
    /** The input for every byte value (view.input): one table load instead of arithmetic per input. */
    private final float[] scale = new float[256];

    private final LabeledImages images;
    private final int steps;
    private final int features;
    private final int maxBatchSize;
    private final int[] pixelOrder;
    private final int[] offsets;
    private final Buffers full;
    /** The last partial batch comes once per epoch; its arrays are kept apart so the full ones stay allocated. */
    private Buffers partial;

    public BatchBuilder(LabeledImages images, SequenceView view, int maxBatchSize) {
        this.images = Objects.requireNonNull(images, "images");
        Objects.requireNonNull(view, "view");
        String misfit = view.misfit(images);
        if (misfit != null) {
            // Callers check files with SequenceView.checkFits, which names the source; here it is a bug.
            throw new IllegalArgumentException(misfit);
        }
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException("maxBatchSize must be positive, got " + maxBatchSize);
        }
        this.steps = view.steps();
        this.features = view.features();
        this.maxBatchSize = maxBatchSize;
        this.pixelOrder = view.pixelOrder();
        this.offsets = new int[maxBatchSize];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = view.input(i);
        }
        this.full = new Buffers(maxBatchSize, steps, features);
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
        byte[] pixels = images.pixels();
        int perImage = images.pixelsPerImage();
        int n = images.size();
        for (int e = 0; e < count; e++) {
            int example = Objects.checkIndex(order[from + e], n);
            offsets[e] = example * perImage;
            out.labels[e] = images.label(example);
        }
        // Step-major, then example, then feature: the output is written strictly in sequence, and one step of
        // a batch touches at most 128 images (100 KB), which stays in cache.
        float[] inputs = out.inputs;
        int[] pixelOf = pixelOrder;
        float[] table = scale;
        int at = 0;
        for (int s = 0; s < steps; s++) {
            int stepStart = s * features;
            for (int e = 0; e < count; e++) {
                int base = offsets[e];
                for (int f = 0; f < features; f++) {
                    inputs[at++] = table[pixels[base + pixelOf[stepStart + f]] & 0xFF];
                }
            }
        }
        return new SequenceBatch(count, steps, features, inputs, out.labels);
    }

    private Buffers buffers(int count) {
        if (count == maxBatchSize) {
            return full;
        }
        if (partial == null || partial.labels.length != count) {
            partial = new Buffers(count, steps, features);
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
