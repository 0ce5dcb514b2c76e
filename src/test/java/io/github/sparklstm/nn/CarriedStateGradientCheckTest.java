package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated backpropagation through time: a window that starts where the previous window of its streams ended.
 * In float64: every parameter's gradient from a carried (non-zero) state against finite differences, the state
 * held constant as truncation defines it; two windows in a row equal to one window of both, logits and final state;
 * a reset state equal to a fresh start; and the rules (one-directional only, one batch size per state).
 */
class CarriedStateGradientCheckTest {

    private static final double TOLERANCE = 1e-6;

    /* Window w of a batch of streams of symbols (embedding) or of features: steps [w·steps, (w+1)·steps). */
    private static SequenceBatch window(SequenceBatch whole, int w, int steps) {
        int size = whole.size();
        int features = whole.features();
        float[] inputs = new float[size * steps * features];
        System.arraycopy(whole.inputs(), w * steps * size * features, inputs, 0, inputs.length);
        int[] stepLabels = null;
        if (whole.stepLabels() != null) {
            stepLabels = new int[size * steps];
            System.arraycopy(whole.stepLabels(), w * steps * size, stepLabels, 0, stepLabels.length);
        }
        return new SequenceBatch(size, steps, features, inputs, whole.labels(), null, stepLabels);
    }

    private static SequenceBatch streams(SplittableRandom random, ModelSpec spec, int size, int steps) {
        if (spec.embeds()) {
            int[] lengths = new int[size];
            java.util.Arrays.fill(lengths, steps);
            SequenceBatch symbols = EmbeddingGradientCheckTest.symbols(random, lengths, spec.inputSize(),
                    spec.classes(), true);
            return new SequenceBatch(size, steps, 1, symbols.inputs(), symbols.labels(), null, symbols.stepLabels());
        }
        float[] inputs = GradientCheck.uniformFloats(random, size * steps * spec.inputSize(), 1.0);
        int[] stepLabels = random.ints(size * steps, 0, spec.classes()).toArray();
        return new SequenceBatch(size, steps, spec.inputSize(), inputs, random.ints(size, 0, spec.classes())
                .toArray(), null, spec.output() == ModelSpec.Output.STEPS ? stepLabels : null);
    }

    static Stream<Arguments> cases() {
        // seed, input (vocabulary with an embedding), embedding, hidden, layers, peepholes, per step
        return Stream.of(
                Arguments.of(91L, 3, 0, 4, 1, false, true),
                Arguments.of(92L, 2, 0, 3, 2, true, true),
                Arguments.of(93L, 3, 0, 3, 1, true, false),
                Arguments.of(94L, 6, 3, 4, 2, false, true),
                Arguments.of(95L, 5, 2, 3, 1, true, true));
    }

    @ParameterizedTest(name = "seed={0} in={1} D={2} H={3} layers={4} peepholes={5} perStep={6}")
    @MethodSource("cases")
    void fromACarriedStateEveryParameterMatchesFiniteDifferences(long seed, int in, int width, int hidden,
                                                                 int layers, boolean peepholes, boolean perStep) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(in, hidden, layers, peepholes, 4, false,
                perStep ? ModelSpec.Output.STEPS : ModelSpec.Output.LAST, width);
        LstmNetwork model = LstmNetwork.create(spec, 3, 3, Precision.FLOAT64, Float64Cell::new);
        model.parameters().copyFrom(GradientCheck.uniform(random, model.parameters().layout().size(), 0.8));
        SequenceBatch whole = streams(random, spec, 3, 6);
        LstmNetwork.State state = model.newState();
        model.startFrom(state);
        model.forwardBackward(window(whole, 0, 3));
        model.saveState(state, 3);
        for (double[][] layer : state.values()) {
            assertTrue(java.util.Arrays.stream(layer[1]).anyMatch(c -> Math.abs(c) > 1e-3), "a non-zero state");
        }

        SequenceBatch second = window(whole, 1, 3);
        model.forwardBackward(second);
        double[] analytic = model.gradients().toDoubleArray();
        DoubleSupplier loss = () -> model.forward(second).meanLoss();
        double worst = 0;
        for (ParameterLayout.Slot slot : model.parameters().layout().slots()) {
            double[] part = new double[slot.size()];
            System.arraycopy(analytic, slot.offset(), part, 0, part.length);
            double error = GradientCheck.maxRelativeError(model.parameters().view(slot.name()), part, loss);
            assertTrue(error <= TOLERANCE, slot.name() + " max relative error " + error);
            worst = Math.max(worst, error);
        }
        System.out.printf("GRADCHECK carried state%s%s layers=%d peepholes=%b: worst relative error %.2e%n",
                width > 0 ? " embedding" : "", perStep ? " per step" : "", layers, peepholes, worst);

        // The state is a constant of the window: the same window from zero has other gradients.
        model.startFrom(null);
        model.forwardBackward(second);
        assertNotEquals(analytic[model.parameters().layout().slot(ParameterLayout.weightHh(0)).offset()],
                model.gradients().toDoubleArray()[model.parameters().layout().slot(ParameterLayout.weightHh(0))
                        .offset()]);
    }

    @Test
    void twoWindowsInARowAreOneWindowOfBoth() {
        SplittableRandom random = new SplittableRandom(101);
        for (int width : new int[] {0, 3}) {
            ModelSpec spec = new ModelSpec(width > 0 ? 7 : 3, 5, 2, true, 4, false, ModelSpec.Output.STEPS, width);
            LstmNetwork windowed = LstmNetwork.create(spec, 4, 3, Precision.FLOAT64, Float64Cell::new);
            LstmNetwork whole = LstmNetwork.create(spec, 8, 3, Precision.FLOAT64, Float64Cell::new);
            double[] params = GradientCheck.uniform(random, windowed.parameters().layout().size(), 0.8);
            windowed.parameters().copyFrom(params);
            whole.parameters().copyFrom(params);
            SequenceBatch both = streams(random, spec, 3, 8);
            whole.forward(both);
            double[] wholeLogits = whole.logits();
            LstmNetwork.State wholeEnd = whole.newState();
            whole.saveState(wholeEnd, 3);

            LstmNetwork.State state = windowed.newState();
            windowed.startFrom(state);
            double[] logits = new double[wholeLogits.length];
            for (int w = 0; w < 2; w++) {
                windowed.forward(window(both, w, 4));
                double[] part = windowed.logits();
                System.arraycopy(part, 0, logits, w * part.length, part.length);
                windowed.saveState(state, 3);
            }
            assertArrayEquals(wholeLogits, logits, 1e-12, "embedding " + width + ": logits of every step");
            double[][][] a = wholeEnd.values();
            double[][][] b = state.values();
            for (int k = 0; k < a.length; k++) {
                assertArrayEquals(a[k][0], b[k][0], 1e-12, "layer " + k + " h");
                assertArrayEquals(a[k][1], b[k][1], 1e-12, "layer " + k + " c");
            }

            // A reset state starts from zero again: the second window alone, as a fresh model runs it.
            state.reset();
            windowed.forward(window(both, 1, 4));
            double[] fromZero = windowed.logits();
            LstmNetwork fresh = LstmNetwork.create(spec, 4, 3, Precision.FLOAT64, Float64Cell::new);
            fresh.parameters().copyFrom(params);
            fresh.forward(window(both, 1, 4));
            assertArrayEquals(fresh.logits(), fromZero, 0.0);
        }
    }

    @Test
    void onlyOneDirectionalModelsCarryStateAndABatchKeepsItsStreams() {
        ModelSpec bidirectional = new ModelSpec(3, 4, 1, false, 2, true, ModelSpec.Output.STEPS);
        assertThrows(IllegalArgumentException.class,
                () -> LstmNetwork.create(bidirectional, 3, 2).newState());
        ModelSpec spec = new ModelSpec(3, 4, 1, false, 2, false, ModelSpec.Output.STEPS);
        LstmNetwork model = LstmNetwork.create(spec, 3, 6);
        Initialization.keras(model.parameters(), spec, 1);
        LstmNetwork.State state = model.newState();
        model.startFrom(state);
        SplittableRandom random = new SplittableRandom(3);
        model.forward(streams(random, spec, 4, 3));
        model.saveState(state, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(streams(random, spec, 5, 3)));
        assertEquals("a batch of 5 examples from a state of 4 streams", e.getMessage());
        // A partial last batch continues the first streams.
        model.forward(streams(random, spec, 2, 3));
        model.saveState(state, 2);
        assertEquals(2 * 4, state.values()[0][0].length);
    }
}
