package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WeightedSumTest {

    @Test
    void weightsEachVectorByItsCount() {
        WeightedSum sum = WeightedSum.of(new float[] {1f, 2f, -3f}, 3).plus(WeightedSum.of(new float[] {4f, 5f, 1f}, 1));
        // (3·1 + 4, 3·2 + 5, 3·-3 + 1) = (7, 11, -8) over weight 4
        assertArrayEquals(new double[] {7, 11, -8}, sum.sums());
        assertEquals(4, sum.weight());
        assertArrayEquals(new float[] {1.75f, 2.75f, -2f}, sum.mean(0, 3));
        assertArrayEquals(new float[] {2.75f}, sum.mean(1, 2));
    }

    @Test
    void oneVectorAveragesBackToItsOwnBits() {
        float[] values = {0.1f, -1e-30f, 3.4e38f, Float.MIN_VALUE, 12345.679f};
        assertArrayEquals(values, WeightedSum.of(values, 7499).mean(0, values.length));
        WeightedSum withEmpty = WeightedSum.of(values, 7499).plus(WeightedSum.of(new float[values.length], 0));
        assertArrayEquals(values, withEmpty.mean(0, values.length));
    }

    @Test
    void refusesMismatchedOrNegative() {
        assertThrows(IllegalArgumentException.class, () -> WeightedSum.of(new float[2], -1));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedSum.of(new float[2], 1).plus(WeightedSum.of(new float[3], 1)));
    }
}
