package io.github.sparklstm.data;

import java.util.List;
import java.util.Objects;

/**
 * The classes a model predicts: {@code count} of them, numbered 0..count-1, and for data whose labels are strings
 * the string of each number, in sorted order so the numbering is a function of the set of labels alone.
 */
public record ClassLabels(int count, List<String> names) implements java.io.Serializable {

    /** The largest number of classes a data set may declare or imply. */
    public static final int MAX = 100_000;

    public ClassLabels {
        Objects.requireNonNull(names, "names");
        if (count < 2 || count > MAX) {
            throw new IllegalArgumentException("a classifier needs between 2 and " + MAX + " classes, got " + count);
        }
        names = List.copyOf(names);
        if (!names.isEmpty() && names.size() != count) {
            throw new IllegalArgumentException(names.size() + " label names for " + count + " classes");
        }
        for (int k = 1; k < names.size(); k++) {
            if (names.get(k - 1).compareTo(names.get(k)) >= 0) {
                throw new IllegalArgumentException("label names must be distinct and sorted, found \""
                        + names.get(k - 1) + "\" before \"" + names.get(k) + "\"");
            }
        }
    }

    /** Integer labels 0..count-1. */
    public static ClassLabels integers(int count) {
        return new ClassLabels(count, List.of());
    }

    /** String labels, numbered in sorted order. */
    public static ClassLabels strings(List<String> sortedNames) {
        return new ClassLabels(sortedNames.size(), sortedNames);
    }

    public boolean areStrings() {
        return !names.isEmpty();
    }

    /** The label as the data wrote it: the string, or the number itself. */
    public String name(int index) {
        Objects.checkIndex(index, count);
        return areStrings() ? names.get(index) : Integer.toString(index);
    }
}
