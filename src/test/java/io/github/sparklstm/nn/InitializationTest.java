package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class InitializationTest {

    private static final ModelSpec SPEC = new ModelSpec(28, 32, 2, true, 10);

    private static FlatBuffer initialised(long seed, Precision precision) {
        FlatBuffer params = FlatBuffer.zeros(ParameterLayout.of(SPEC), precision);
        Initialization.keras(params, SPEC, seed);
        return params;
    }

    @Test
    void recurrentWeightsHaveOrthonormalColumns() {
        FlatBuffer params = initialised(7, Precision.FLOAT64);
        for (int layer = 0; layer < SPEC.layers(); layer++) {
            INDArray w = params.view(ParameterLayout.weightHh(layer)); // [4H, H]
            INDArray gram = w.transpose().mmul(w);
            for (int i = 0; i < gram.rows(); i++) {
                for (int j = 0; j < gram.columns(); j++) {
                    assertEquals(i == j ? 1.0 : 0.0, gram.getDouble(i, j), 1e-12, "W_hhᵀW_hh at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void inputWeightsAreGlorotUniformAndBiasesFollowKeras() {
        FlatBuffer params = initialised(7, Precision.FLOAT64);
        double limit0 = Math.sqrt(6.0 / (4 * 32 + 28));
        double[] w0 = params.view(ParameterLayout.weightIh(0)).dup().data().asDouble();
        double max = Arrays.stream(w0).map(Math::abs).max().orElseThrow();
        assertTrue(max <= limit0 && max > 0.95 * limit0, "max |W_ih| " + max + " vs limit " + limit0);
        double mean = Arrays.stream(w0).average().orElseThrow();
        assertEquals(0.0, mean, 0.05 * limit0);
        double[] bias = params.view(ParameterLayout.biasIh(1)).dup().data().asDouble();
        for (int j = 0; j < bias.length; j++) {
            assertEquals(j >= 32 && j < 64 ? 1.0 : 0.0, bias[j], "bias_ih_l1[" + j + "]");
        }
        assertEquals(0.0, params.view(ParameterLayout.biasHh(0)).sumNumber().doubleValue());
        assertEquals(0.0, params.view(ParameterLayout.peephole(0)).norm2Number().doubleValue());
        double limitOut = Math.sqrt(6.0 / (10 + 32));
        assertTrue(params.view(ParameterLayout.OUT_WEIGHT).amaxNumber().doubleValue() <= limitOut);
    }

    @Test
    void sameSeedSameValuesAndPrecisionsAgree() {
        float[] a = initialised(3, Precision.FLOAT32).toFloatArray();
        assertArrayEquals(a, initialised(3, Precision.FLOAT32).toFloatArray());
        assertArrayEquals(a, initialised(3, Precision.FLOAT64).toFloatArray());
        assertFalse(Arrays.equals(a, initialised(4, Precision.FLOAT32).toFloatArray()));
    }

    /* A guard for the pure-Java QR: an initialisation that went back through ND4J/LAPACK could fail it. */
    @Test
    void valuesDoNotDependOnBlasThreads() {
        try {
            ComputeThreads.limit(2);
            float[] twoThreads = initialised(5, Precision.FLOAT32).toFloatArray();
            ComputeThreads.limit(1);
            assertArrayEquals(twoThreads, initialised(5, Precision.FLOAT32).toFloatArray());
        } finally {
            ComputeThreads.limit(1);
        }
    }
}
