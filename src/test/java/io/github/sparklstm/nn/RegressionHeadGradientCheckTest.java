package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regression head (mse, mae, huber) in float64: alone, and at the top of whole networks forecasting several
 * values from the last step or one per step of ragged sequences, every parameter and the input against finite
 * differences. MAE and Huber have kinks (at e = 0, and |e| = 1 for Huber), where a difference quotient is not a
 * derivative: the targets are set from a first forward pass so that every error is at least 0.1 from a kink, far
 * beyond what a 2ε step of any parameter moves it.
 */
class RegressionHeadGradientCheckTest {

    /* An error e with 0.1 <= |e| <= 2 and | |e| - 1 | >= 0.1, either sign. */
    private static double awayFromKinks(SplittableRandom random) {
        double a = random.nextBoolean() ? random.nextDouble(0.1, 0.9) : random.nextDouble(1.1, 2.0);
        return random.nextBoolean() ? a : -a;
    }

    /* Targets for the predictions {@code values}, NaN where {@code absent}. */
    private static float[] targetsNear(double[] values, SplittableRandom random, boolean[] absent) {
        float[] t = new float[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = absent != null && absent[i] ? Float.NaN : (float) (values[i] - awayFromKinks(random));
        }
        return t;
    }

    static Stream<Arguments> losses() {
        return Stream.of(Arguments.of(ModelSpec.Loss.MSE), Arguments.of(ModelSpec.Loss.MAE),
                Arguments.of(ModelSpec.Loss.HUBER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void theHeadAloneMatchesFiniteDifferences(ModelSpec.Loss loss) {
        SplittableRandom random = new SplittableRandom(11 + loss.ordinal());
        int hidden = 4;
        int outputs = 3;
        int rows = 5;
        ModelSpec spec = ModelSpec.regression(2, hidden, 1, false, outputs, ModelSpec.Output.LAST, loss);
        ParameterLayout layout = ParameterLayout.of(spec);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
        FlatBuffer grads = FlatBuffer.zeros(layout, Precision.FLOAT64);
        params.copyFrom(GradientCheck.uniform(random, layout.size(), 1.0));
        RegressionHead head = new RegressionHead(loss, rows, params, grads);
        INDArray h = Nd4j.create(GradientCheck.uniform(random, rows * hidden, 1.5), new long[] {rows, hidden}, 'c');
        head.forward(h, null, rows, rows);
        boolean[] absent = new boolean[rows * outputs];
        absent[4] = true;
        float[] targets = targetsNear(head.values(), random, absent);

        BatchOutcome outcome = head.forward(h, targets, rows, rows);
        double[] dh = head.backward(h).dup().data().asDouble();
        java.util.function.DoubleSupplier mean = () -> head.forward(h, targets, rows, rows).meanLoss();
        for (String name : new String[] {ParameterLayout.OUT_WEIGHT, ParameterLayout.OUT_BIAS}) {
            double error = GradientCheck.maxRelativeError(params.view(name),
                    LstmGradientCheckTest.slice(grads.toDoubleArray(), layout.slot(name)), mean);
            assertTrue(error <= 1e-6, name + " max relative error " + error);
        }
        double inputError = GradientCheck.maxRelativeError(h, dh, mean);
        assertTrue(inputError <= 1e-6, "dh max relative error " + inputError);
        assertEquals(rows * outputs - 1, outcome.labelled(), "the NaN target is not scored");
    }

    static Stream<Arguments> networks() {
        // loss, output, hidden, layers, peepholes, outputs per row
        return Stream.of(
                Arguments.of(ModelSpec.Loss.MSE, ModelSpec.Output.LAST, 4, 1, false, 6),
                Arguments.of(ModelSpec.Loss.MAE, ModelSpec.Output.LAST, 3, 2, true, 4),
                Arguments.of(ModelSpec.Loss.HUBER, ModelSpec.Output.LAST, 3, 1, true, 2),
                Arguments.of(ModelSpec.Loss.MSE, ModelSpec.Output.STEPS, 3, 2, false, 2),
                Arguments.of(ModelSpec.Loss.HUBER, ModelSpec.Output.STEPS, 4, 1, true, 1),
                Arguments.of(ModelSpec.Loss.MAE, ModelSpec.Output.STEPS, 3, 1, false, 1));
    }

    @ParameterizedTest(name = "{0} {1} H={2} layers={3} peepholes={4} K={5}")
    @MethodSource("networks")
    void aWholeForecasterMatchesFiniteDifferences(ModelSpec.Loss loss, ModelSpec.Output output, int hidden,
                                                  int layers, boolean peepholes, int outputs) {
        SplittableRandom random = new SplittableRandom(31L * hidden + layers + outputs + loss.ordinal());
        int features = 3;
        int steps = 4;
        int[] lengths = {4, 3, 2};
        int size = lengths.length;
        ModelSpec spec = ModelSpec.regression(features, hidden, layers, peepholes, outputs, output, loss);
        LstmNetwork model = LstmNetwork.create(spec, steps, size, Precision.FLOAT64, Float64Cell::new);
        model.parameters().copyFrom(GradientCheck.uniform(random, model.parameters().layout().size(), 0.8));
        float[] inputs = GradientCheck.uniformFloats(random, size * steps * features, 1.0);
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < size; e++) {
                if (t >= lengths[e]) {
                    Arrays.fill(inputs, (t * size + e) * features, (t * size + e + 1) * features, 0f);
                }
            }
        }
        boolean perStep = output == ModelSpec.Output.STEPS;
        int rows = perStep ? steps * size : size;
        SequenceBatch unscored = new SequenceBatch(size, steps, features, inputs, new int[size], lengths, null,
                null, null);
        model.forward(unscored);
        boolean[] absent = new boolean[rows * outputs];
        for (int r = 0; perStep && r < rows; r++) {
            boolean padding = r / size >= lengths[r % size];
            for (int k = 0; k < outputs; k++) {
                absent[r * outputs + k] = padding;
            }
        }
        float[] targets = targetsNear(model.logits(), random, absent);
        SequenceBatch batch = new SequenceBatch(size, steps, features, inputs, new int[size], lengths, null, targets,
                null);

        GradientCheck.Worst worst = GradientCheck.checkNetwork(model, batch, 1e-6);
        assertTrue(worst.parameters() <= 1e-6 && worst.input() <= 1e-6, worst.toString());
        int present = 0;
        for (boolean a : absent) {
            present += a ? 0 : 1;
        }
        assertEquals(present, model.forward(batch).labelled());
    }

    @Test
    void theLossesAreTheirFormulas() {
        ModelSpec.Loss[] losses = {ModelSpec.Loss.MSE, ModelSpec.Loss.MAE, ModelSpec.Loss.HUBER};
        // Zero parameters predict 0, so each error is minus the target.
        float[] targets = {0.5f, -2f, Float.NaN, 3f};
        double[] expected = {(0.25 + 4 + 9) / 3, (0.5 + 2 + 3) / 3, (0.125 + 1.5 + 2.5) / 3};
        for (int k = 0; k < losses.length; k++) {
            ModelSpec spec = ModelSpec.regression(2, 3, 1, false, 2, ModelSpec.Output.LAST, losses[k]);
            ParameterLayout layout = ParameterLayout.of(spec);
            FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
            RegressionHead head = new RegressionHead(losses[k], 2, params, FlatBuffer.zeros(layout, Precision.FLOAT64));
            BatchOutcome outcome = head.forward(Nd4j.ones(params.dataType(), 2, 3), targets, 2, 2);
            assertEquals(expected[k], outcome.meanLoss(), 1e-12, losses[k].name());
            assertEquals(3, outcome.labelled());
        }
    }

    @Test
    void aRegressionHeadNeedsARegressionLossAndAnOutput() {
        assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.regression(2, 3, 1, false, 2, ModelSpec.Output.LAST, ModelSpec.Loss.CROSS_ENTROPY));
        assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.regression(2, 3, 1, false, 0, ModelSpec.Output.LAST, ModelSpec.Loss.MSE));
        ModelSpec one = ModelSpec.regression(2, 3, 1, false, 1, ModelSpec.Output.LAST, ModelSpec.Loss.MSE);
        assertEquals(1, one.classes());
    }
}
