package io.github.sparklstm.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between contiguous ND4J arrays (off-heap, where BLAS works) and Java arrays (on-heap, where the JIT
 * vectorises the elementwise gate math). One JNI memcpy each way; no per-element calls, no allocation.
 */
public final class HeapCopy {

    private HeapCopy() {
    }

    public static void read(INDArray source, float[] target, int length) {
        requireContiguous(source, DataType.FLOAT, length);
        ((FloatPointer) source.data().addressPointer()).get(target, 0, length);
    }

    public static void write(float[] source, int length, INDArray target) {
        requireContiguous(target, DataType.FLOAT, length);
        ((FloatPointer) target.data().addressPointer()).put(source, 0, length);
    }

    public static void read(INDArray source, double[] target, int length) {
        requireContiguous(source, DataType.DOUBLE, length);
        ((DoublePointer) source.data().addressPointer()).get(target, 0, length);
    }

    public static void write(double[] source, int length, INDArray target) {
        requireContiguous(target, DataType.DOUBLE, length);
        ((DoublePointer) target.data().addressPointer()).put(source, 0, length);
    }

    /** Reads any contiguous array into doubles, whatever its precision (small arrays: head logits, vectors). */
    public static double[] readAsDoubles(INDArray source) {
        int length = Math.toIntExact(source.length());
        double[] values = new double[length];
        if (source.dataType() == DataType.DOUBLE) {
            read(source, values, length);
        } else {
            float[] floats = new float[length];
            read(source, floats, length);
            for (int i = 0; i < length; i++) {
                values[i] = floats[i];
            }
        }
        return values;
    }

    /** Writes doubles into any contiguous array, rounding to float for float32 arrays. */
    public static void writeFromDoubles(double[] source, INDArray target) {
        int length = Math.toIntExact(target.length());
        if (target.dataType() == DataType.DOUBLE) {
            write(source, length, target);
        } else {
            float[] floats = new float[length];
            for (int i = 0; i < length; i++) {
                floats[i] = (float) source[i];
            }
            write(floats, length, target);
        }
    }

    /*
     * addressPointer() starts at the view's first element, so only views whose elements are adjacent in c-order
     * (row blocks of a c-order matrix, or slots of the flat buffer) can be copied this way.
     */
    private static void requireContiguous(INDArray array, DataType type, int length) {
        if (array.dataType() != type) {
            throw new IllegalArgumentException("expected " + type + " but the array holds " + array.dataType());
        }
        if (length > array.length()) {
            throw new IllegalArgumentException("copy of " + length + " elements from an array of " + array.length());
        }
        boolean adjacent = switch (array.rank()) {
            case 0 -> true;
            case 1 -> array.length() <= 1 || array.stride(0) == 1;
            case 2 -> (array.size(1) <= 1 || array.stride(1) == 1)
                    && (array.size(0) <= 1 || array.stride(0) == array.size(1));
            default -> false;
        };
        if (!adjacent) {
            throw new IllegalArgumentException("array elements are not adjacent in c-order: shape "
                    + java.util.Arrays.toString(array.shape()) + " stride " + java.util.Arrays.toString(array.stride()));
        }
    }
}
