package io.github.sparklstm.data;

/**
 * Labeled sequences of one shape ({@code steps x features}), stored compactly: bytes for images
 * ({@link ImageSequences}), float32 for tables ({@link FloatSequences}). Immutable once built; Spark caches and
 * ships them, so implementations are serializable.
 */
public interface SequenceSet extends java.io.Serializable {

    int size();

    int steps();

    int features();

    /** The class index of {@code example}. */
    int label(int example);

    /** Writes minibatches of this set's inputs, scaled by {@code scaling}, in the layout of {@link SequenceBatch}. */
    BatchWriter writer(InputScaling scaling);

    /** Adds every raw value to {@code statistics}: example by example, step by step. */
    void addTo(FeatureStatistics statistics);

    /** How many examples carry each label, up to the largest label present. */
    default long[] labelCounts() {
        int max = -1;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, label(i));
        }
        long[] counts = new long[max + 1];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /** Fills the inputs of a minibatch. */
    interface BatchWriter {
        /**
         * Writes examples {@code order[from .. from + count)} time-major into {@code inputs}:
         * {@code inputs[(step * count + e) * features + feature]}.
         */
        void write(int[] order, int from, int count, float[] inputs);
    }
}
