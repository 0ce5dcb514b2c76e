package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.ClassLabels;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the labels of a set become class numbers, and which are allowed: integers below a limit (model.classes, or
 * the classes the training data showed), or strings looked up in the training data's index. A rule refuses a label
 * with the reason as a phrase; readers add the file and row.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
record LabelRule(int limit, String limitOrigin, Map<String, Integer> index) implements Serializable {

    /** Any integer label up to ClassLabels.MAX - 1: the data decide how many classes there are. */
    static LabelRule open() {
        return new LabelRule(ClassLabels.MAX, "the largest number of classes supported", null);
    }

    static LabelRule below(int classes, String origin) {
        return new LabelRule(classes, origin, null);
    }

    static LabelRule strings(List<String> sortedNames, String origin) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < sortedNames.size(); k++) {
            index.put(sortedNames.get(k), k);
        }
        return new LabelRule(sortedNames.size(), origin, index);
    }

    /** The string labels in class order (a text model's vocabulary). */
    List<String> names() {
        String[] names = new String[index.size()];
        index.forEach((name, k) -> names[k] = name);
        return List.of(names);
    }

    boolean expectsStrings() {
        return index != null;
    }

    /** The class of a numeric label; throws IllegalArgumentException with the reason. */
    int classOf(double label) {
        if (expectsStrings()) {
            throw new IllegalArgumentException("label " + label + " is a number, but the training labels are strings");
        }
        if (label != Math.rint(label)) {
            throw new IllegalArgumentException("label " + label + " is not an integer");
        }
        if (label < 0) {
            throw new IllegalArgumentException("label " + (long) label + " is negative; classes are 0..C-1");
        }
        if (label >= limit) {
            throw new IllegalArgumentException("label " + (long) label + " is outside 0.." + (limit - 1) + " ("
                    + limitOrigin + ")");
        }
        return (int) label;
    }

    /** The class of a string label. */
    int classOf(String label) {
        if (!expectsStrings()) {
            throw new IllegalArgumentException("label \"" + label + "\" is a string, but the training labels are "
                    + "numbers");
        }
        Integer k = index.get(label);
        if (k == null) {
            throw new IllegalArgumentException("label \"" + label + "\" does not occur in " + limitOrigin);
        }
        return k;
    }
}
