package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The head alone: dW, db and dh of the mean cross-entropy against finite differences (float64). */
class SoftmaxHeadGradientCheckTest {

    @ParameterizedTest(name = "seed={0} H={1} classes={2} batch={3}")
    @CsvSource({"1, 4, 3, 1", "2, 5, 10, 6", "3, 1, 2, 3"})
    void headMatchesFiniteDifferences(long seed, int hidden, int classes, int batch) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(2, hidden, 1, false, classes);
        ParameterLayout layout = ParameterLayout.of(spec);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
        FlatBuffer grads = FlatBuffer.zeros(layout, Precision.FLOAT64);
        params.copyFrom(GradientCheck.uniform(random, layout.size(), 1.0));
        SoftmaxHead head = new SoftmaxHead(batch, params, grads);
        INDArray h = Nd4j.create(GradientCheck.uniform(random, batch * hidden, 1.5), new long[] {batch, hidden}, 'c');
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(classes);
        }

        BatchOutcome outcome = head.forward(h, labels, batch, batch);
        double[] dh = head.backward(h, labels).dup().data().asDouble();
        java.util.function.DoubleSupplier loss = () -> head.forward(h, labels, batch, batch).meanLoss();

        for (String name : new String[] {ParameterLayout.OUT_WEIGHT, ParameterLayout.OUT_BIAS}) {
            double error = GradientCheck.maxRelativeError(params.view(name),
                    LstmGradientCheckTest.slice(grads.toDoubleArray(), layout.slot(name)), loss);
            assertTrue(error <= 1e-6, name + " max relative error " + error);
        }
        double inputError = GradientCheck.maxRelativeError(h, dh, loss);
        assertTrue(inputError <= 1e-6, "dh max relative error " + inputError);
        assertEquals(batch, outcome.examples());
    }

    @org.junit.jupiter.api.Test
    void lossOfUniformLogitsIsLogOfClassCount() {
        ModelSpec spec = new ModelSpec(2, 3, 1, false, 10);
        ParameterLayout layout = ParameterLayout.of(spec);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
        SoftmaxHead head = new SoftmaxHead(4, params, FlatBuffer.zeros(layout, Precision.FLOAT64));
        BatchOutcome outcome = head.forward(Nd4j.ones(params.dataType(), 4, 3), new int[] {0, 3, 9, 5}, 4, 4);
        assertEquals(Math.log(10), outcome.meanLoss(), 1e-15);
    }
}
