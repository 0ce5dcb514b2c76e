package io.github.sparklstm.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An unsigned-byte IDX array: its dimensions (the first counts the examples) and its values, row-major.
 * The arrays are shared, not copied: the training set is 47 MB and is never modified after reading.
 */
public record IdxArray(int[] dims, byte[] data) {

    public IdxArray {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(data, "data");
        if (dims.length == 0) {
            throw new IllegalArgumentException("an IDX array needs at least one dimension");
        }
        long product = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " exceed an array");
            }
        }
        if (product != data.length) {
            throw new IllegalArgumentException(
                    "dimensions " + Arrays.toString(dims) + " need " + product + " bytes, got " + data.length);
        }
    }

    /** Number of examples: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Bytes per example: the product of the other dimensions (1 for a 1-D array such as labels). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    @Override
    public String toString() {
        return "IdxArray[dims=" + Arrays.toString(dims) + ", " + data.length + " bytes]";
    }
}
