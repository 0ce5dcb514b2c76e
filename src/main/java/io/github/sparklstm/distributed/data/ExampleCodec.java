package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.ForecastReference;
import io.github.sparklstm.data.ImageSequences;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.data.SeriesWindows;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;

/**
 * How one example travels from the task that read it to the shard that keeps it: a byte array (4 bytes of label,
 * then the image's pixels or the sequence's float32 values; labelled per step, a label of -1, then one 4-byte
 * label per step, then the values), which every Spark serializer moves without per-value overhead; and how a shard
 * assembles them, in position order, into a compact {@link SequenceSet}.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
record ExampleCodec(ImageView view, int height, int width, int steps, int features, boolean perStep,
                    Windows windows) implements Serializable {

    /**
     * Forecasting windows ({@link SeriesWindows}): each is its inputs (steps x features floats), its targets (a row
     * of {@code outputs}, or per step {@code steps x targets}) and its {@link ForecastReference}, floats all.
     */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Windows(int targets, int outputs, boolean perStep) implements Serializable {
        int targetValues(int steps) {
            return perStep ? steps * targets : outputs;
        }

        int referenceWidth() {
            return ForecastReference.width(targets, outputs);
        }
    }

    static ExampleCodec images(ImageView view) {
        return new ExampleCodec(view, view.height(), view.width(), view.steps(), view.features(), false, null);
    }

    static ExampleCodec floats(int steps, int features) {
        return new ExampleCodec(null, 0, 0, steps, features, false, null);
    }

    /** Table rows of {@code features} per step, labelled per step when {@code perStep}. */
    static ExampleCodec floats(int steps, int features, boolean perStep) {
        return new ExampleCodec(null, 0, 0, steps, features, perStep, null);
    }

    /** Forecasting windows of {@code lookback} steps of {@code features} columns, the first {@code targets} forecast. */
    static ExampleCodec windows(int lookback, int features, int targets, int outputs, boolean perStep) {
        return new ExampleCodec(null, 0, 0, lookback, features, false, new Windows(targets, outputs, perStep));
    }

    /** One window, as {@link SeriesWindows#window} gives it: its floats side by side. */
    byte[] encodeWindow(float[] inputs, float[] targets, float[] reference) {
        byte[] out = new byte[4 * (inputs.length + targets.length + reference.length)];
        var floats = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        floats.put(inputs).put(targets).put(reference);
        return out;
    }

    boolean isImage() {
        return view != null;
    }

    /** Values per example: pixels of an image, or steps x features (and a window's targets and references). */
    int valuesPerExample() {
        if (windows != null) {
            return Math.addExact(Math.multiplyExact(steps, features),
                    windows.targetValues(steps) + windows.referenceWidth());
        }
        return isImage() ? height * width : Math.multiplyExact(steps, features);
    }

    /** The class number an encoded example carries (-1 for one labelled per step; 0 for a forecasting window). */
    int labelOf(byte[] example) {
        if (windows != null) {
            return 0;
        }
        return isImage() ? ByteBuffer.wrap(example).getInt()
                : ByteBuffer.wrap(example).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** Whether an encoded example carries {@code label}, as its own or at one of its steps. */
    boolean carries(byte[] example, int label) {
        if (windows != null) {
            return false;
        }
        if (!perStep) {
            return labelOf(example) == label;
        }
        ByteBuffer buffer = ByteBuffer.wrap(example).order(ByteOrder.LITTLE_ENDIAN);
        int steps = (example.length - 4) / (4 * (1 + features));
        for (int t = 0; t < steps; t++) {
            if (buffer.getInt(4 + 4 * t) == label) {
                return true;
            }
        }
        return false;
    }

    /** A sequence labelled per step ({@code labels} negative where a step has none). */
    byte[] encodeSteps(int[] labels, float[] values) {
        byte[] out = new byte[4 + 4 * labels.length + 4 * values.length];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(-1);
        for (int label : labels) {
            buffer.putInt(label);
        }
        buffer.asFloatBuffer().put(values);
        return out;
    }

    byte[] encodeImage(int label, byte[] pixels) {
        byte[] out = new byte[4 + pixels.length];
        ByteBuffer.wrap(out).putInt(label).put(pixels);
        return out;
    }

    byte[] encodeFloats(int label, float[] values) {
        byte[] out = new byte[4 + 4 * values.length];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(label);
        buffer.asFloatBuffer().put(values);
        return out;
    }

    /**
     * The examples of one shard, given in position order; {@code expected} of them (the driver knows how many
     * positions the shard gets), so the arrays are allocated once at their final size.
     */
    SequenceSet assemble(Iterator<byte[]> examples, int expected) {
        if (windows != null) {
            return assembleWindows(examples, expected);
        }
        if (!isImage()) {
            return assembleFloats(examples, expected);
        }
        int perExample = valuesPerExample();
        int n = 0;
        int capacity = Math.max(1, expected);
        byte[] labels = new byte[capacity];
        byte[] pixels = new byte[Math.multiplyExact(capacity, perExample)];
        while (examples.hasNext()) {
            byte[] example = examples.next();
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, grown(n));
                pixels = Arrays.copyOf(pixels, Math.multiplyExact(labels.length, perExample));
            }
            ByteBuffer buffer = ByteBuffer.wrap(example);
            labels[n] = (byte) buffer.getInt(); // IDX labels are single bytes
            buffer.get(pixels, n * perExample, perExample);
            n++;
        }
        return new ImageSequences(new LabeledImages(trimmed(pixels, n * perExample), trimmed(labels, n), height,
                width), view);
    }

    /*
     * Table rows: each example's length is in its byte count (a table's sequences may differ in length); the set
     * runs as long as its longest, and keeps ends only when lengths differ.
     */
    private SequenceSet assembleFloats(Iterator<byte[]> examples, int expected) {
        int capacity = Math.max(1, expected);
        int[] labels = new int[capacity];
        int[] ends = new int[capacity];
        float[] values = new float[Math.multiplyExact(capacity, valuesPerExample())];
        int[] stepLabels = perStep ? new int[Math.multiplyExact(capacity, steps)] : null;
        int n = 0;
        int used = 0;
        int longest = 0;
        boolean sameLength = true;
        while (examples.hasNext()) {
            byte[] example = examples.next();
            int length = perStep ? (example.length - 4) / (4 * (1 + features)) : (example.length - 4) / 4 / features;
            int count = length * features;
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, grown(n));
                ends = Arrays.copyOf(ends, labels.length);
            }
            if (used + count > values.length) {
                values = Arrays.copyOf(values, grownValues(values.length, used + count));
            }
            ByteBuffer buffer = ByteBuffer.wrap(example).order(ByteOrder.LITTLE_ENDIAN);
            labels[n] = buffer.getInt();
            if (perStep) {
                int at = used / features;
                if (at + length > stepLabels.length) {
                    stepLabels = Arrays.copyOf(stepLabels, grownValues(stepLabels.length, at + length));
                }
                for (int t = 0; t < length; t++) {
                    stepLabels[at + t] = buffer.getInt();
                }
            }
            buffer.asFloatBuffer().get(values, used, count);
            used += count;
            sameLength &= n == 0 || length == longest;
            longest = Math.max(longest, length);
            ends[n] = used / features;
            n++;
        }
        return new FloatSequences(trimmed(values, used), trimmed(labels, n), Math.max(1, longest), features,
                sameLength ? null : trimmed(ends, n), perStep ? trimmed(stepLabels, used / features) : null);
    }

    private SequenceSet assembleWindows(Iterator<byte[]> examples, int expected) {
        int in = steps * features;
        int out = windows.targetValues(steps);
        int width = windows.referenceWidth();
        int capacity = Math.max(1, expected);
        float[] inputs = new float[Math.multiplyExact(capacity, in)];
        float[] targets = new float[Math.multiplyExact(capacity, out)];
        float[] references = new float[Math.multiplyExact(capacity, width)];
        int n = 0;
        while (examples.hasNext()) {
            var floats = ByteBuffer.wrap(examples.next()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            if (n * in == inputs.length) {
                int grown = grown(n);
                inputs = Arrays.copyOf(inputs, grown * in);
                targets = Arrays.copyOf(targets, grown * out);
                references = Arrays.copyOf(references, grown * width);
            }
            floats.get(inputs, n * in, in).get(targets, n * out, out).get(references, n * width, width);
            n++;
        }
        return SeriesWindows.ofWindows(steps, features, windows.targets(), windows.outputs(), windows.perStep(),
                trimmed(inputs, n * in), trimmed(targets, n * out), trimmed(references, n * width));
    }

    private static int grownValues(int length, int needed) {
        long next = Math.max((long) needed, Math.min((long) length * 2, Integer.MAX_VALUE - 8));
        if (next > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a partition holds more than " + length + " values, more than one array "
                    + "can hold: raise train.workers");
        }
        return (int) next;
    }

    /* A copy only when fewer examples came than expected: a shard may be a large part of an executor's heap. */
    private static byte[] trimmed(byte[] a, int length) {
        return a.length == length ? a : Arrays.copyOf(a, length);
    }

    private static float[] trimmed(float[] a, int length) {
        return a.length == length ? a : Arrays.copyOf(a, length);
    }

    private static int[] trimmed(int[] a, int length) {
        return a.length == length ? a : Arrays.copyOf(a, length);
    }

    /* One shard holds at most an array's worth of values: say so instead of overflowing. */
    private int grown(int n) {
        long next = Math.min((long) n * 2, (Integer.MAX_VALUE - 8) / Math.max(1, valuesPerExample()));
        if (next <= n) {
            throw new IllegalStateException("a partition holds more than " + n + " examples of " + valuesPerExample()
                    + " values, more than one array can hold: raise train.workers");
        }
        return (int) next;
    }
}
