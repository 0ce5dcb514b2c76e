package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every backward pass against finite differences in float64: max relative error ≤ 1e-6 on every parameter and
 * input, over several seeds and shapes (batch 1 and >1, sequence length 1 and >1).
 */
class LstmGradientCheckTest {

    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> shapes() {
        // seed, input size, hidden, steps, batch
        return Stream.of(
                Arguments.of(1L, 3, 4, 1, 1),
                Arguments.of(2L, 3, 4, 5, 1),
                Arguments.of(3L, 2, 3, 1, 4),
                Arguments.of(4L, 4, 5, 4, 3),
                Arguments.of(5L, 1, 2, 7, 2));
    }

    /**
     * One layer in isolation with a gradient arriving at every step: L = Σ R ⊙ H over all hidden states, so
     * dL/dH = R. This exercises the path a lower layer of a stack sees.
     */
    @ParameterizedTest(name = "layer seed={0} in={1} H={2} T={3} B={4} peepholes={5}")
    @MethodSource("layerCases")
    void lstmLayerMatchesFiniteDifferences(long seed, int in, int hidden, int steps, int batch, boolean peepholes) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(in, hidden, 1, peepholes, 3);
        ParameterLayout layout = ParameterLayout.of(spec);
        FlatBuffer params = FlatBuffer.zeros(layout, Precision.FLOAT64);
        FlatBuffer grads = FlatBuffer.zeros(layout, Precision.FLOAT64);
        params.copyFrom(GradientCheck.uniform(random, layout.size(), 0.8));
        LstmLayer layer = new LstmLayer(0, in, steps, batch, params, grads, Float64Cell::new);
        INDArray x = Nd4j.create(GradientCheck.uniform(random, steps * batch * in, 1.0), new long[] {steps * batch, in}, 'c');
        INDArray r = Nd4j.create(GradientCheck.uniform(random, steps * batch * hidden, 1.0), new long[] {steps * batch, hidden}, 'c');

        java.util.function.DoubleSupplier loss = () -> layer.forward(x, batch).mul(r).sumNumber().doubleValue();
        loss.getAsDouble();
        INDArray dx = layer.backward(x, r, null, true).dup();
        double[] analyticParams = grads.toDoubleArray();
        double[] analyticInput = dx.data().asDouble();

        for (ParameterLayout.Slot slot : layout.slots()) {
            if (!slot.name().startsWith("lstm.")) {
                continue;
            }
            double error = GradientCheck.maxRelativeError(params.view(slot.name()),
                    slice(analyticParams, slot), loss);
            assertTrue(error <= TOLERANCE, slot.name() + " max relative error " + error);
        }
        double inputError = GradientCheck.maxRelativeError(x, analyticInput, loss);
        assertTrue(inputError <= TOLERANCE, "input max relative error " + inputError);
    }

    static Stream<Arguments> layerCases() {
        return shapes().flatMap(a -> Stream.of(false, true).map(p -> {
            Object[] v = a.get();
            return Arguments.of(v[0], v[1], v[2], v[3], v[4], p);
        }));
    }

    /** The whole network (stacked layers, head, mean cross-entropy) including the gradient for the input. */
    @ParameterizedTest(name = "network seed={0} in={1} H={2} T={3} B={4} layers={5} peepholes={6}")
    @MethodSource("networkCases")
    void networkMatchesFiniteDifferences(long seed, int in, int hidden, int steps, int batch, int layers,
                                         boolean peepholes) {
        SplittableRandom random = new SplittableRandom(seed * 7919);
        ModelSpec spec = new ModelSpec(in, hidden, layers, peepholes, 4);
        LstmNetwork model = LstmNetwork.create(spec, steps, batch, Precision.FLOAT64, Float64Cell::new);
        FlatBuffer params = model.parameters();
        params.copyFrom(GradientCheck.uniform(random, params.layout().size(), 0.8));
        SequenceBatch data = randomBatch(random, batch, steps, in, spec.classes());

        model.forwardBackward(data, true);
        double[] analytic = model.gradients().toDoubleArray();
        double[] analyticInput = model.inputGradient();
        java.util.function.DoubleSupplier loss = () -> model.forward(data).meanLoss();

        for (ParameterLayout.Slot slot : params.layout().slots()) {
            double error = GradientCheck.maxRelativeError(params.view(slot.name()), slice(analytic, slot), loss);
            assertTrue(error <= TOLERANCE, slot.name() + " max relative error " + error);
        }
        double inputError = inputGradientError(model, data, analyticInput);
        assertTrue(inputError <= TOLERANCE, "input max relative error " + inputError);
    }

    static Stream<Arguments> networkCases() {
        return Stream.of(
                Arguments.of(11L, 3, 4, 1, 1, 1, false),
                Arguments.of(12L, 3, 4, 4, 3, 1, false),
                Arguments.of(13L, 2, 3, 3, 2, 1, true),
                Arguments.of(14L, 3, 4, 4, 2, 2, false),
                Arguments.of(15L, 2, 3, 3, 1, 2, true),
                Arguments.of(16L, 2, 3, 1, 3, 3, true));
    }

    /* The batch holds floats; perturb the model's loaded float64 copy of it, where ε steps are exact. */
    private static double inputGradientError(LstmNetwork model, SequenceBatch data, double[] analytic) {
        model.forward(data);
        INDArray x = model.loadedInput();
        return GradientCheck.maxRelativeError(x, analytic, () -> model.forwardLoaded(data).meanLoss());
    }

    static SequenceBatch randomBatch(SplittableRandom random, int batch, int steps, int features, int classes) {
        float[] inputs = GradientCheck.uniformFloats(random, batch * steps * features, 1.0);
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(classes);
        }
        return new SequenceBatch(batch, steps, features, inputs, labels);
    }

    static double[] slice(double[] all, ParameterLayout.Slot slot) {
        double[] part = new double[slot.size()];
        System.arraycopy(all, slot.offset(), part, 0, part.length);
        return part;
    }
}
