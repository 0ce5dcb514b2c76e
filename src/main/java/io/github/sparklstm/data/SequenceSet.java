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

    /** The class index of {@code example} (negative in a set labelled per step). */
    int label(int example);

    /** Whether the set is labelled per step (sequence labelling) rather than per sequence. */
    default boolean perStep() {
        return false;
    }

    /** The class index of {@code example} at {@code step}, negative where the step has no label. */
    default int stepLabel(int example, int step) {
        throw new UnsupportedOperationException("a set labelled per sequence has no step labels");
    }

    /** Writes minibatches of this set's inputs, scaled by {@code scaling}, in the layout of {@link SequenceBatch}. */
    BatchWriter writer(InputScaling scaling);

    /** Adds every raw value to {@code statistics}: example by example, step by step. */
    void addTo(FeatureStatistics statistics);

    /** How many examples (labelled steps, in a set labelled per step) carry each label, up to the largest. */
    default long[] labelCounts() {
        long[] counts = new long[0];
        for (int i = 0; i < size(); i++) {
            int steps = perStep() ? length(i) : 1;
            for (int t = 0; t < steps; t++) {
                int label = perStep() ? stepLabel(i, t) : label(i);
                if (label < 0) {
                    continue;
                }
                if (label >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, label + 1);
                }
                counts[label]++;
            }
        }
        return counts;
    }

    /** A regression set's real-valued targets (forecasting windows); null for a set of class labels. */
    default Targets targets() {
        return null;
    }

    /** Real-valued targets, standardised, and what judges them: see {@link SequenceBatch#targets()}. */
    interface Targets {
        /** Values per row: per example, or per step of each example when {@link #perStep()}. */
        int outputs();

        boolean perStep();

        /** Floats of {@link ForecastReference} per example. */
        int referenceWidth();

        /** The targets of examples {@code order[from .. from + count)}, in {@link SequenceBatch}'s layout. */
        void write(int[] order, int from, int count, float[] targets);

        /** Their references, example after example. */
        void writeReferences(int[] order, int from, int count, float[] references);
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
