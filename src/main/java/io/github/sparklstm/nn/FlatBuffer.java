package io.github.sparklstm.nn;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One flat off-heap vector laid out by a {@link ParameterLayout}, with a named view per tensor. Parameters,
 * gradients and each optimizer-state slot are FlatBuffers of the same layout; views share memory with the vector,
 * so whole-buffer operations (update, average, clip) see every tensor at once.
 */
public final class FlatBuffer {

    private final ParameterLayout layout;
    private final Precision precision;
    private final INDArray flat;
    private final Map<String, INDArray> views = new HashMap<>();
    private float[] heapFloats;
    private double[] heapDoubles;

    private FlatBuffer(ParameterLayout layout, Precision precision, INDArray flat) {
        this.layout = layout;
        this.precision = precision;
        this.flat = flat;
    }

    public static FlatBuffer zeros(ParameterLayout layout, Precision precision) {
        return new FlatBuffer(layout, precision, Nd4j.zeros(precision.dataType(), layout.size()));
    }

    public ParameterLayout layout() {
        return layout;
    }

    public Precision precision() {
        return precision;
    }

    /** The whole buffer as a vector of {@code layout().size()} elements. */
    public INDArray flat() {
        return flat;
    }

    /** The tensor called {@code name}, shaped as in the layout, sharing memory with {@link #flat()}. */
    public INDArray view(String name) {
        return views.computeIfAbsent(name, n -> {
            ParameterLayout.Slot slot = layout.slot(n);
            long[] shape = slot.shape().length == 1
                    ? new long[] {slot.rows()}
                    : new long[] {slot.rows(), slot.columns()};
            long[] stride = shape.length == 1 ? new long[] {1} : new long[] {slot.columns(), 1};
            return Nd4j.create(flat.data(), shape, stride, slot.offset(), 'c', precision.dataType());
        });
    }

    public void setZero() {
        flat.assign(0);
    }

    public void copyFrom(float[] values) {
        requireLength(values.length);
        if (precision == Precision.FLOAT32) {
            HeapCopy.write(values, values.length, flat);
        } else {
            double[] widened = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                widened[i] = values[i];
            }
            HeapCopy.write(widened, widened.length, flat);
        }
    }

    public void copyFrom(double[] values) {
        requireLength(values.length);
        HeapCopy.writeFromDoubles(values, flat);
    }

    public float[] toFloatArray() {
        float[] values = new float[layout.size()];
        if (precision == Precision.FLOAT32) {
            HeapCopy.read(flat, values, values.length);
        } else {
            double[] wide = toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) wide[i];
            }
        }
        return values;
    }

    public double[] toDoubleArray() {
        return HeapCopy.readAsDoubles(flat);
    }

    /**
     * Σ x² over the buffer, summed in double in index order on the heap. Not ND4J's norm: how a native vectorised
     * (and possibly threaded) reduction groups its terms is not part of its contract, and the last bits of this
     * sum scale every clipped update, which bit-identical runs depend on.
     */
    public double sumOfSquares() {
        int n = layout.size();
        double sum = 0;
        if (precision == Precision.FLOAT32) {
            if (heapFloats == null) {
                heapFloats = new float[n];
            }
            HeapCopy.read(flat, heapFloats, n);
            for (float v : heapFloats) {
                sum += (double) v * v;
            }
        } else {
            if (heapDoubles == null) {
                heapDoubles = new double[n];
            }
            HeapCopy.read(flat, heapDoubles, n);
            for (double v : heapDoubles) {
                sum += v * v;
            }
        }
        return sum;
    }

    public DataType dataType() {
        return precision.dataType();
    }

    private void requireLength(int length) {
        if (length != layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " values for this layout, got " + length);
        }
    }
}
