package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.InvalidDataException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The executor side of reading a table: each row (file path, split start, features, label) becomes (position,
 * encoded example), checked on the way by {@link RowValues}. A problem fails the task with the file, the row's
 * index in it (from 0) and what is wrong. Reads Spark's internal rows: converting to {@code Row} would box every
 * value.
 */
final class TableRows implements PairFlatMapFunction<Iterator<InternalRow>, Long, byte[]> {
    private static final long serialVersionUID = 1L;

    /**
     * A file split as Spark reads it: its {@code rows}, the first at {@code position} in the data set and at
     * {@code rowInFile} in its file.
     */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Split(String path, long blockStart, long rows, long position, long rowInFile) implements Serializable {
    }

    /** Nested (steps x features) or flat arrays, and the element type as a code. */
    record Layout(boolean nested, char element) implements Serializable {
    }

    /** The code of a supported element type, 0 for any other. */
    static char elementCode(DataType type) {
        if (type.equals(DataTypes.FloatType)) {
            return 'f';
        }
        if (type.equals(DataTypes.DoubleType)) {
            return 'd';
        }
        if (type.equals(DataTypes.IntegerType)) {
            return 'i';
        }
        if (type.equals(DataTypes.LongType)) {
            return 'l';
        }
        if (type.equals(DataTypes.ShortType)) {
            return 's';
        }
        if (type.equals(DataTypes.ByteType)) {
            return 'b';
        }
        return 0;
    }

    private final List<Split> splits;
    private final RowValues values;
    private final ExampleCodec codec;
    private final LabelRule labels;
    private final long limit;
    private final boolean stringLabels;
    private final boolean withLength;
    private transient Map<String, List<Split>> byPath;

    TableRows(List<Split> splits, RowValues values, ExampleCodec codec, LabelRule labels, long limit,
              boolean stringLabels, boolean withLength) {
        this.withLength = withLength;
        this.splits = List.copyOf(splits);
        this.values = values;
        this.codec = codec;
        this.labels = labels;
        this.limit = limit;
        this.stringLabels = stringLabels;
    }

    @Override
    public Iterator<Tuple2<Long, byte[]>> call(Iterator<InternalRow> rows) {
        return new Iterator<>() {
            private UTF8String path;
            private long blockStart = -1;
            private Split split;
            private long index;
            private Tuple2<Long, byte[]> next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    next = convert(rows.next());
                }
                return next != null;
            }

            @Override
            public Tuple2<Long, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Tuple2<Long, byte[]> out = next;
                next = null;
                return out;
            }

            /* null for rows past the limit, which are neither checked nor kept. */
            private Tuple2<Long, byte[]> convert(InternalRow row) {
                UTF8String rowPath = row.getUTF8String(0);
                long rowStart = row.getLong(1);
                if (split == null || rowStart != blockStart || !rowPath.equals(path)) {
                    path = rowPath.clone();
                    blockStart = rowStart;
                    split = find(path.toString(), rowStart);
                    index = 0;
                }
                if (index >= split.rows()) {
                    throw new UncheckedIOException(new InvalidDataException(path.toString(), "holds more rows from "
                            + "byte " + blockStart + " than when the job counted them: the file changed, or Spark "
                            + "split the files otherwise between counting and reading"));
                }
                long position = split.position() + index;
                long rowInFile = split.rowInFile() + index;
                index++;
                if (position >= limit) {
                    return null;
                }
                try {
                    return new Tuple2<>(position, encode(row, 2, values, codec, labels, stringLabels, withLength));
                } catch (IllegalArgumentException e) {
                    throw new UncheckedIOException(new InvalidDataException(path.toString(), "row " + rowInFile + ": "
                            + e.getMessage()));
                }
            }
        };
    }

    private Split find(String path, long blockStart) {
        if (byPath == null) {
            byPath = new HashMap<>();
            for (Split s : splits) {
                byPath.computeIfAbsent(s.path(), p -> new ArrayList<>()).add(s);
            }
        }
        for (Split s : byPath.getOrDefault(path, List.of())) {
            if (s.blockStart() == blockStart) {
                return s;
            }
        }
        throw new IllegalStateException(path + " (from byte " + blockStart + "): a split the row count did not see;"
                + " did the files change while the job read them?");
    }

    /**
     * A row's labels, one per step of its sequence of {@code steps} (null elements: no label, -1); an array of
     * another length is refused, but for one cut with its sequence to its first {@code cutTo} steps.
     */
    static int[] stepLabels(ArrayData array, int steps, int cutTo, LabelRule rule, boolean strings) {
        int given = array.numElements();
        if (given != steps && !(cutTo > 0 && steps == cutTo && given > cutTo)) {
            throw new IllegalArgumentException("the label array has " + given + " labels for a sequence of "
                    + steps + " steps");
        }
        int[] labels = new int[steps];
        for (int t = 0; t < steps; t++) {
            labels[t] = array.isNullAt(t) ? -1 : strings ? rule.classOf(array.getUTF8String(t).toString())
                    : rule.classOf(array.getDouble(t));
        }
        return labels;
    }

    /**
     * The example of an internal row whose features are at {@code column}, the label after them and then, when
     * {@code withLength}, the sequence's length; encoded. A problem is an IllegalArgumentException with the phrase.
     */
    static byte[] encode(InternalRow row, int column, RowValues values, ExampleCodec codec, LabelRule labels,
                         boolean stringLabels, boolean withLength) {
        long length = RowValues.NO_LENGTH;
        if (withLength) {
            if (row.isNullAt(column + 2)) {
                throw new IllegalArgumentException("the length column is null");
            }
            length = row.getLong(column + 2);
        }
        float[] sequence = values.sequence(row.isNullAt(column) ? null : values.of(row.getArray(column)), length);
        if (row.isNullAt(column + 1)) {
            throw new IllegalArgumentException(codec.perStep() ? "the label array is null" : "the label is null");
        }
        if (codec.perStep()) {
            return codec.encodeSteps(stepLabels(row.getArray(column + 1), sequence.length / codec.features(),
                    values.cutsTo(), labels, stringLabels), sequence);
        }
        int label = stringLabels ? labels.classOf(row.getUTF8String(column + 1).toString())
                : labels.classOf(row.getDouble(column + 1));
        return codec.encodeFloats(label, sequence);
    }
}
