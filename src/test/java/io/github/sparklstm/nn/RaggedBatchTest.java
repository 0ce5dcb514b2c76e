package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of sequences of different lengths: finite-difference checks of every parameter and input (float64), the
 * padded batch against its sequences run one at a time, and padding that cannot matter (random values there).
 */
class RaggedBatchTest {

    private static final double TOLERANCE = 1e-6;

    /** A batch of the given lengths (longest first), random values in the padding too. */
    static SequenceBatch raggedBatch(SplittableRandom random, int[] lengths, int features, int classes) {
        int size = lengths.length;
        int steps = lengths[0];
        float[] inputs = GradientCheck.uniformFloats(random, size * steps * features, 1.0);
        int[] labels = new int[size];
        for (int e = 0; e < size; e++) {
            labels[e] = random.nextInt(classes);
        }
        return new SequenceBatch(size, steps, features, inputs, labels, lengths.clone());
    }

    /** Example {@code e} of {@code batch} alone: its own steps only. */
    static SequenceBatch alone(SequenceBatch batch, int e) {
        int steps = batch.length(e);
        int features = batch.features();
        float[] inputs = new float[steps * features];
        for (int t = 0; t < steps; t++) {
            for (int f = 0; f < features; f++) {
                inputs[t * features + f] = batch.input(t, e, f);
            }
        }
        return new SequenceBatch(1, steps, features, inputs, new int[] {batch.labels()[e]});
    }

    static Stream<Arguments> networkCases() {
        // seed, input size, hidden, layers, peepholes, lengths (with length 1, and a longest one alone)
        return Stream.of(
                Arguments.of(21L, 3, 4, 1, false, new int[] {4, 2, 1}),
                Arguments.of(22L, 2, 3, 1, true, new int[] {5, 1, 1}),
                Arguments.of(23L, 3, 4, 2, false, new int[] {3, 3, 2, 1}),
                Arguments.of(24L, 2, 3, 2, true, new int[] {6, 2}),
                Arguments.of(25L, 2, 3, 3, true, new int[] {4, 3, 1}));
    }

    @ParameterizedTest(name = "network seed={0} in={1} H={2} layers={3} peepholes={4}")
    @MethodSource("networkCases")
    void mixedLengthsMatchFiniteDifferences(long seed, int in, int hidden, int layers, boolean peepholes,
                                            int[] lengths) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(in, hidden, layers, peepholes, 4);
        // Room for longer sequences than this batch has: a batch runs its own number of steps.
        LstmNetwork model = LstmNetwork.create(spec, lengths[0] + 2, lengths.length + 1, Precision.FLOAT64,
                Float64Cell::new);
        FlatBuffer params = model.parameters();
        params.copyFrom(GradientCheck.uniform(random, params.layout().size(), 0.8));
        SequenceBatch data = raggedBatch(random, lengths, in, spec.classes());

        GradientCheck.Worst checked = GradientCheck.checkNetwork(model, data, TOLERANCE);
        double worst = checked.parameters();
        double inputError = checked.input();
        double[] analyticInput = checked.inputGradient();
        System.out.printf("ragged gradient check %s: worst relative error %.2e (parameters), %.2e (input)%n",
                java.util.Arrays.toString(lengths), worst, inputError);
        // Padding is not input: its gradient is exactly zero.
        for (int e = 0; e < lengths.length; e++) {
            for (int t = lengths[e]; t < lengths[0]; t++) {
                for (int f = 0; f < in; f++) {
                    assertEquals(0.0, analyticInput[(t * lengths.length + e) * in + f]);
                }
            }
        }
    }

    /** One layer with a gradient arriving at every step, the carried states' included (the path through padding). */
    @ParameterizedTest(name = "layer peepholes={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void oneLayerWithMixedLengthsMatchesFiniteDifferences(boolean peepholes) {
        SplittableRandom random = new SplittableRandom(31);
        int in = 3;
        int hidden = 4;
        int[] lengths = {5, 3, 3, 1};
        int batch = lengths.length;
        int steps = lengths[0];
        ModelSpec spec = new ModelSpec(in, hidden, 1, peepholes, 3);
        ParameterLayout layout = ParameterLayout.of(spec);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
        FlatBuffer grads = FlatBuffer.zeros(layout, Precision.FLOAT64);
        params.copyFrom(GradientCheck.uniform(random, layout.size(), 0.8));
        LstmLayer layer = new LstmLayer(0, in, steps + 1, batch, params, grads, Float64Cell::new);
        INDArray x = Nd4j.create(GradientCheck.uniform(random, steps * batch * in, 1.0), new long[] {steps * batch, in}, 'c');
        INDArray r = Nd4j.create(GradientCheck.uniform(random, steps * batch * hidden, 1.0),
                new long[] {steps * batch, hidden}, 'c');
        java.util.function.DoubleSupplier loss = () -> layer.forward(x, batch, steps, lengths).mul(r).sumNumber()
                .doubleValue();
        loss.getAsDouble();
        INDArray dx = layer.backward(x, r, null, true).dup();
        double[] analytic = grads.toDoubleArray();
        for (ParameterLayout.Slot slot : layout.slots()) {
            if (slot.name().startsWith("lstm.")) {
                double error = GradientCheck.maxRelativeError(params.view(slot.name()),
                        LstmGradientCheckTest.slice(analytic, slot), loss);
                assertTrue(error <= TOLERANCE, slot.name() + " max relative error " + error);
            }
        }
        double inputError = GradientCheck.maxRelativeError(x, dx.data().asDouble(), loss);
        assertTrue(inputError <= TOLERANCE, "input max relative error " + inputError);
    }

    @Test
    void aPaddedBatchEqualsItsSequencesOneAtATime() {
        SplittableRandom random = new SplittableRandom(41);
        ModelSpec spec = new ModelSpec(3, 5, 2, true, 4);
        int[] lengths = {6, 4, 4, 2, 1};
        LstmNetwork batched = LstmNetwork.create(spec, 6, lengths.length, Precision.FLOAT64, Float64Cell::new);
        LstmNetwork single = LstmNetwork.create(spec, 6, 1, Precision.FLOAT64, Float64Cell::new);
        double[] params = GradientCheck.uniform(random, batched.parameters().layout().size(), 0.8);
        batched.parameters().copyFrom(params);
        single.parameters().copyFrom(params);
        SequenceBatch data = raggedBatch(random, lengths, 3, 4);

        BatchOutcome together = batched.forwardBackward(data);
        double[] gradient = batched.gradients().toDoubleArray();
        double[] logits = batched.logits();
        double loss = 0;
        double[] sum = new double[gradient.length];
        for (int e = 0; e < lengths.length; e++) {
            loss += single.forwardBackward(alone(data, e)).meanLoss() / lengths.length;
            double[] one = single.gradients().toDoubleArray();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += one[k] / lengths.length;
            }
            double[] own = single.logits();
            for (int c = 0; c < spec.classes(); c++) {
                assertEquals(own[c], logits[e * spec.classes() + c], 1e-12, "logit " + c + " of example " + e);
            }
        }
        assertEquals(loss, together.meanLoss(), 1e-12);
        for (int k = 0; k < sum.length; k++) {
            assertEquals(sum[k], gradient[k], 1e-12 * Math.max(1, Math.abs(sum[k])), "gradient element " + k);
        }
    }

    @Test
    void batchesMustRunLongestFirst() {
        float[] inputs = new float[3 * 4 * 2];
        int[] labels = new int[3];
        assertThrows(IllegalArgumentException.class, () -> new SequenceBatch(3, 4, 2, inputs, labels,
                new int[] {4, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new SequenceBatch(3, 4, 2, inputs, labels,
                new int[] {3, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> new SequenceBatch(3, 4, 2, inputs, labels,
                new int[] {4, 2, 0}));
        assertArrayEquals(new int[] {3, 2, 1, 1}, LstmLayer.activeRows(new int[] {4, 2, 1}, 3, 4));
    }
}
