package io.github.sparklstm.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each named tensor lives in the one flat parameter buffer. Gradients and optimizer state use the same layout,
 * so averaging replicas or applying an update is a single vector operation over the whole buffer.
 *
 * <p>Names and shapes follow PyTorch's {@code nn.LSTM} (gate order i, f, g, o) so the model file maps 1:1:
 * <pre>
 * embedding.weight       [V, D]       only with an embedding: V = input size (symbols), D = embedding
 * for each layer k = 0..layers-1, in this order:
 *   lstm.weight_ih_l{k}    [4H, in_k]   in_0 = input size (D with an embedding), in_k = H above
 *   lstm.weight_hh_l{k}    [4H, H]
 *   lstm.bias_ih_l{k}      [4H]
 *   lstm.bias_hh_l{k}      [4H]
 *   lstm.peephole_l{k}     [3, H]       only with peepholes; rows: into i (from c(t-1)), into f (from c(t-1)), into o
 * (from c(t)) out.weight               [classes, H] out.bias                 [classes]
 * </pre>
 * Each tensor is row-major and tensors are packed back to back without padding.
 */
public final class ParameterLayout {

    /** One tensor's place: its elements are {@code [offset, offset + size())} of the flat buffer. */
    public record Slot(String name, int offset, int[] shape) {
        public Slot {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int size() {
            int size = 1;
            for (int dim : shape) {
                size = Math.multiplyExact(size, dim);
            }
            return size;
        }

        public int rows() {
            return shape[0];
        }

        public int columns() {
            return shape.length == 1 ? 1 : shape[1];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Slot that && name.equals(that.name) && offset == that.offset
                    && Arrays.equals(shape, that.shape);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + offset) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + "@" + offset;
        }
    }

    private final Map<String, Slot> slots;
    private final int size;

    private ParameterLayout(List<Slot> ordered) {
        Map<String, Slot> byName = new LinkedHashMap<>();
        int end = 0;
        for (Slot slot : ordered) {
            byName.put(slot.name(), slot);
            end = slot.offset() + slot.size();
        }
        this.slots = Collections.unmodifiableMap(byName);
        this.size = end;
    }

    public static ParameterLayout of(ModelSpec spec) {
        List<Slot> ordered = new ArrayList<>();
        int[] offset = {0};
        int h = spec.hiddenSize();
        if (spec.embeds()) {
            add(ordered, offset, EMBEDDING, spec.inputSize(), spec.embedding());
        }
        for (int k = 0; k < spec.layers(); k++) {
            for (int d = 0; d < spec.directions(); d++) {
                boolean reverse = d == 1;
                add(ordered, offset, weightIh(k, reverse), 4 * h, spec.layerInputSize(k));
                add(ordered, offset, weightHh(k, reverse), 4 * h, h);
                add(ordered, offset, biasIh(k, reverse), 4 * h);
                add(ordered, offset, biasHh(k, reverse), 4 * h);
                if (spec.peepholes()) {
                    add(ordered, offset, peephole(k, reverse), 3, h);
                }
            }
        }
        add(ordered, offset, OUT_WEIGHT, spec.classes(), spec.outputSize());
        add(ordered, offset, OUT_BIAS, spec.classes());
        return new ParameterLayout(ordered);
    }

    private static void add(List<Slot> ordered, int[] offset, String name, int... shape) {
        Slot slot = new Slot(name, offset[0], shape);
        ordered.add(slot);
        offset[0] = Math.addExact(offset[0], slot.size());
    }

    /** PyTorch's suffix for the backward direction's tensors of a bidirectional layer. */
    public static final String REVERSE = "_reverse";
    public static final String OUT_WEIGHT = "out.weight";
    /** PyTorch's name for the weight of a module's {@code embedding = nn.Embedding(V, D)}. */
    public static final String EMBEDDING = "embedding.weight";
    public static final String OUT_BIAS = "out.bias";

    public static String weightIh(int layer) {
        return weightIh(layer, false);
    }

    public static String weightIh(int layer, boolean reverse) {
        return "lstm.weight_ih_l" + layer + (reverse ? REVERSE : "");
    }

    public static String weightHh(int layer) {
        return weightHh(layer, false);
    }

    public static String weightHh(int layer, boolean reverse) {
        return "lstm.weight_hh_l" + layer + (reverse ? REVERSE : "");
    }

    public static String biasIh(int layer) {
        return biasIh(layer, false);
    }

    public static String biasIh(int layer, boolean reverse) {
        return "lstm.bias_ih_l" + layer + (reverse ? REVERSE : "");
    }

    public static String biasHh(int layer) {
        return biasHh(layer, false);
    }

    public static String biasHh(int layer, boolean reverse) {
        return "lstm.bias_hh_l" + layer + (reverse ? REVERSE : "");
    }

    public static String peephole(int layer) {
        return peephole(layer, false);
    }

    public static String peephole(int layer, boolean reverse) {
        return "lstm.peephole_l" + layer + (reverse ? REVERSE : "");
    }

    /** Total number of scalars in the flat buffer. */
    public int size() {
        return size;
    }

    public List<Slot> slots() {
        return List.copyOf(slots.values());
    }

    public boolean has(String name) {
        return slots.containsKey(name);
    }

    public Slot slot(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException("no tensor named " + name + "; the layout has " + slots.keySet());
        }
        return slot;
    }
}
