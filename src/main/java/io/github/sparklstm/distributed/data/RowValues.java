package io.github.sparklstm.distributed.data;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * One row's sequence and label as the model takes them, checked: the shape (nested steps x features, or a flat
 * array of steps·features), no nulls, finite values, a label its rule accepts. Nested sequences may differ in
 * length when the reader allows it (training tables, models that took such): at least one step, and no more than
 * {@code data.maxSteps} when set, longer ones refused or cut to their first {@code maxSteps} steps. A problem is an
 * IllegalArgumentException whose message is the phrase after "row N: "; callers name the file or table and row.
 * The checks run on any array of numbers: Spark's internal arrays when reading tables, a Row's lists in transform.
 */
public final class RowValues implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An array of numbers as a row holds it. */
    interface Numbers {
        int size();

        boolean isNull(int i);

        float value(int i);

        /** Element i as an array (nested sequences). */
        Numbers at(int i);
    }

    private final TableRows.Layout layout;
    private final int steps;
    private final int features;
    private final String featuresName;
    private final boolean variableLength;
    private final int maxSteps;
    private final boolean cut;

    /** Sequences of exactly {@code steps} steps. */
    public RowValues(TableRows.Layout layout, int steps, int features, String featuresName) {
        this(layout, steps, features, featuresName, false, 0, false);
    }

    /**
     * With {@code variableLength}, nested sequences of any length from 1 (to {@code maxSteps} when positive:
     * longer ones are refused, or {@code cut}).
     */
    public RowValues(TableRows.Layout layout, int steps, int features, String featuresName, boolean variableLength,
              int maxSteps, boolean cut) {
        this.layout = layout;
        this.steps = steps;
        this.features = features;
        this.featuresName = featuresName;
        this.variableLength = variableLength;
        this.maxSteps = maxSteps;
        this.cut = cut;
    }

    /**
     * How training reads a table: nested sequences of any length, and flat ones too when only data.inputSize shapes
     * them (each row's own length then gives its steps), up to data.maxSteps.
     */
    static RowValues forTraining(TableColumns columns, int steps, int features, DataSettings settings) {
        boolean variable = columns.layout().nested() || settings.steps() == 0 && settings.inputSize() > 0
                || columns.length() != null;
        return new RowValues(columns.layout(), steps, features, columns.featuresName(), variable,
                settings.maxSteps(), settings.cutLonger());
    }

    int steps() {
        return steps;
    }

    int features() {
        return features;
    }

    /** No length column: the features hold the whole sequence. */
    public static final long NO_LENGTH = -1;

    /** The sequence of a row, steps·features values row-major; null features are refused. */
    public float[] sequence(Numbers values) {
        return sequence(values, NO_LENGTH);
    }

    /**
     * As {@link #sequence(Numbers)}, of the first {@code length} steps (from the row's length column; the rest is
     * padding), or of all when it is {@link #NO_LENGTH}.
     */
    public float[] sequence(Numbers values, long length) {
        if (values == null) {
            throw new IllegalArgumentException(featuresName + " is null");
        }
        if (length == NO_LENGTH) {
            return layout.nested() ? nested(values) : flat(values);
        }
        long held = layout.nested() ? values.size() : values.size() / features;
        if (length < 1 || length > held) {
            throw new IllegalArgumentException("the length is " + length + (length < 1 ? ": a sequence needs at "
                    + "least one step" : " but " + featuresName + " holds " + held + " steps"));
        }
        Numbers kept = new Leading(values, (int) (layout.nested() ? length : length * features));
        return layout.nested() ? nested(kept) : flat(kept);
    }

    /* The first n elements of an array. */
    private record Leading(Numbers all, int n) implements Numbers {
        @Override
        public int size() {
            return n;
        }

        @Override
        public boolean isNull(int i) {
            return all.isNull(i);
        }

        @Override
        public float value(int i) {
            return all.value(i);
        }

        @Override
        public Numbers at(int i) {
            return all.at(i);
        }
    }

    private float[] nested(Numbers sequence) {
        int n = sequence.size();
        if (n == 0) {
            throw new IllegalArgumentException(featuresName + " is an empty sequence (no steps)");
        }
        if (!variableLength && n != steps) {
            throw new IllegalArgumentException(featuresName + " has " + n + " steps, expected " + steps);
        }
        int kept = longest(n);
        float[] values = new float[kept * features];
        for (int s = 0; s < kept; s++) {
            if (sequence.isNull(s)) {
                throw new IllegalArgumentException(featuresName + " step " + s + " is null");
            }
            Numbers step = sequence.at(s);
            if (step.size() != features) {
                throw new IllegalArgumentException(featuresName + " step " + s + " has " + step.size()
                        + " values, expected " + features);
            }
            copy(step, values, s * features, " of step " + s, features);
        }
        return values;
    }

    private float[] flat(Numbers array) {
        int n = array.size();
        if (variableLength) {
            if (n == 0 || n % features != 0) {
                throw new IllegalArgumentException(featuresName + " has " + n + " values, not a whole number of "
                        + "steps of " + features + " features (data.inputSize)" + (n == 0 ? ": an empty sequence"
                        : ""));
            }
            int kept = longest(n / features) * features;
            float[] values = new float[kept];
            copy(array, values, 0, "", kept);
            return values;
        }
        if (n != steps * features) {
            throw new IllegalArgumentException(featuresName + " has " + n + " values, expected " + steps * features
                    + " (" + steps + " steps x " + features + " features)");
        }
        float[] values = new float[n];
        copy(array, values, 0, "", n);
        return values;
    }

    /** The steps a sequence longer than data.maxSteps is cut to, or 0 when longer ones are refused or none set. */
    int cutsTo() {
        return cut ? maxSteps : 0;
    }

    /* The steps kept of a sequence of n: all, or data.maxSteps of them when cut; refused when longer. */
    private int longest(int n) {
        if (maxSteps > 0 && n > maxSteps) {
            if (!cut) {
                throw new IllegalArgumentException(featuresName + " has " + n + " steps, more than data.maxSteps="
                        + maxSteps + " (data.longer=cut keeps the first " + maxSteps + " instead)");
            }
            return maxSteps;
        }
        return n;
    }

    private void copy(Numbers from, float[] to, int offset, String where, int n) {
        for (int i = 0; i < n; i++) {
            if (from.isNull(i)) {
                throw new IllegalArgumentException(featuresName + " value " + i + where + " is null");
            }
            float v = from.value(i);
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(featuresName + " value " + i + where + " is " + (Float.isNaN(v)
                        ? "NaN" : "infinite (or beyond float32's range)"));
            }
            to[offset + i] = v;
        }
    }

    /** Spark's internal array, read by the layout's element type. */
    Numbers of(ArrayData array) {
        return array == null ? null : new Internal(array, layout.element());
    }

    /** A Row's array: a Scala Seq of numbers or of Seqs (Row.get), or a java.util.List of them (Row.getList). */
    public static Numbers ofList(Object array) {
        if (array == null) {
            return null;
        }
        return array instanceof List<?> list ? new Boxed(list) : new Scala((scala.collection.Seq<?>) array);
    }

    private record Internal(ArrayData array, char element) implements Numbers {
        @Override
        public int size() {
            return array.numElements();
        }

        @Override
        public boolean isNull(int i) {
            return array.isNullAt(i);
        }

        @Override
        public float value(int i) {
            return switch (element) {
                case 'f' -> array.getFloat(i);
                case 'd' -> (float) array.getDouble(i);
                case 'i' -> array.getInt(i);
                case 'l' -> array.getLong(i);
                case 's' -> array.getShort(i);
                default -> array.getByte(i);
            };
        }

        @Override
        public Numbers at(int i) {
            return new Internal(array.getArray(i), element);
        }
    }

    /* Seq's length and apply exist in Scala 2.12 and 2.13 alike (the spark-3.5 build is 2.12). */
    private record Scala(scala.collection.Seq<?> seq) implements Numbers {
        @Override
        public int size() {
            return seq.length();
        }

        @Override
        public boolean isNull(int i) {
            return seq.apply(i) == null;
        }

        @Override
        public float value(int i) {
            return ((Number) seq.apply(i)).floatValue();
        }

        @Override
        public Numbers at(int i) {
            return ofList(seq.apply(i));
        }
    }

    private record Boxed(List<?> list) implements Numbers {
        @Override
        public int size() {
            return list.size();
        }

        @Override
        public boolean isNull(int i) {
            return list.get(i) == null;
        }

        @Override
        public float value(int i) {
            return ((Number) list.get(i)).floatValue();
        }

        @Override
        public Numbers at(int i) {
            return ofList(list.get(i));
        }
    }
}
