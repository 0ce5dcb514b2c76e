package io.github.sparklstm.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One array of a safetensors file. Values are held as doubles whatever the dtype, so callers deal with one
 * element type; for F32 every value must be a float widened to double, which makes float -> double -> float
 * exact (including -0.0f and subnormals) and the file round trip bit-exact.
 *
 * <p>{@code values} is not copied, so that large weight matrices are not held twice: treat it as read-only.
 * {@code shape} is small and is copied in and out, so a tensor's shape cannot drift from its values.
 */
public record Tensor(String dtype, int[] shape, double[] values) {
    public static final String F32 = "F32";
    public static final String F64 = "F64";

    public Tensor {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (bytesPerElement(dtype) < 0) {
            throw new IllegalArgumentException("unsupported dtype " + dtype + " (only F32 and F64 are supported)");
        }
        shape = shape.clone();
        long count = elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " has a negative dim or more elements than a Java array holds");
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but " + values.length + " values were given");
        }
        if (dtype.equals(F32)) {
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                // Otherwise writing would silently round and the file would not hold what the caller has.
                if ((double) (float) v != v && !Double.isNaN(v)) {
                    throw new IllegalArgumentException(
                            "value " + v + " at index " + i + " is not a float, so cannot be F32");
                }
            }
        }
    }

    public static Tensor f32(int[] shape, float[] values) {
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = values[i];
        }
        return new Tensor(F32, shape, widened);
    }

    /** Does not copy {@code values}; see the class comment. */
    public static Tensor f64(int[] shape, double[] values) {
        return new Tensor(F64, shape, values);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Exact for F32; rounds F64 values to the nearest float, as ND4J's float arrays need. */
    public float[] toFloats() {
        float[] narrowed = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            narrowed[i] = (float) values[i];
        }
        return narrowed;
    }

    /** The product of the shape; 1 for a scalar (empty shape). */
    public int size() {
        return values.length;
    }

    /** Bytes one element takes in a file, or -1 for a dtype this project does not handle. */
    static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case F32 -> Float.BYTES;
            case F64 -> Double.BYTES;
            default -> -1;
        };
    }

    /**
     * The product of the dims, or -1 if a dim is negative or the product is larger than a Java array can be.
     * Returning at the first step over the limit keeps the long product from overflowing, whatever a file's
     * header claims; zeros are looked for first because one zero dim makes any other dims harmless.
     */
    static long elementCount(int[] shape) {
        for (int dim : shape) {
            if (dim < 0) {
                return -1;
            }
            if (dim == 0) {
                return 0;
            }
        }
        long count = 1;
        for (int dim : shape) {
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return count;
    }

    // Arrays compare by content: two tensors read from equal files are equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
