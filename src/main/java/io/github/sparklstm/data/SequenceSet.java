package io.github.sparklstm.data;

/**
 * Labeled sequences of {@code features} values per step and up to {@code steps} steps, stored compactly: bytes for
 * images ({@link ImageSequences}), float32 for tables ({@link FloatSequences}). Immutable once built; Spark caches
 * and ships them, so implementations are serializable.
 */
public interface SequenceSet extends java.io.Serializable {

    int size();

    /** The number of steps of the longest sequence there can be. */
    int steps();

    /** How many steps {@code example} has: {@link #steps()} unless the set is {@link #ragged()}. */
    default int length(int example) {
        return steps();
    }

    /** Whether sequences may be shorter than {@link #steps()}. */
    default boolean ragged() {
        return false;
    }

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
         * Writes the first {@code steps} steps of examples {@code order[from .. from + count)} time-major into
         * {@code inputs}: {@code inputs[(step * count + e) * features + feature]}, zeros past an example's end.
         */
        void write(int[] order, int from, int count, int steps, float[] inputs);
    }
}
