package io.github.sparklstm.spark;

import io.github.sparklstm.data.LabeledImages;
import java.io.Serializable;

/** One partition's examples, kept as bytes (28·28 + 1 bytes per MNIST example, not an object per pixel). */
record Shard(int partition, LabeledImages examples) implements Serializable {

    /**
     * The examples of partition {@code p} of {@code count}: every count-th example starting at p, so partitions
     * differ in size by at most one and each sees a fair mix of the file.
     */
    static Shard of(LabeledImages all, int p, int count) {
        int size = (all.size() - p + count - 1) / count;
        int[] indices = new int[Math.max(0, size)];
        for (int k = 0; k < indices.length; k++) {
            indices[k] = p + k * count;
        }
        return new Shard(p, all.select(indices));
    }

    int size() {
        return examples.size();
    }

    /** A shard's size as counted where it is cached. */
    record Size(int partition, int examples) implements Serializable {
    }
}
