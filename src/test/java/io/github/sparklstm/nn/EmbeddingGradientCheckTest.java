package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedding table in front of the first layer: every parameter, the table included, against finite
 * differences in float64 on ragged batches of symbols; the same function as a one-hot input whose first-layer
 * weights are W_ih·Eᵀ; float32 held to float64; PyTorch's names; and symbols outside the vocabulary refused.
 */
class EmbeddingGradientCheckTest {

    private static final double TOLERANCE = 1e-6;

    /* A ragged batch of symbols 0..vocabulary-1, one feature per step, padding holding symbol 0. */
    static SequenceBatch symbols(SplittableRandom random, int[] lengths, int vocabulary, int classes,
                                 boolean perStep) {
        int size = lengths.length;
        int steps = lengths[0];
        float[] inputs = new float[size * steps];
        int[] stepLabels = perStep ? new int[size * steps] : null;
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < size; e++) {
                boolean running = t < lengths[e];
                inputs[t * size + e] = running ? random.nextInt(vocabulary) : 0;
                if (perStep) {
                    stepLabels[t * size + e] = running && random.nextInt(4) > 0 ? random.nextInt(classes) : -1;
                }
            }
        }
        if (perStep) {
            stepLabels[0] = random.nextInt(classes);
        }
        int[] labels = random.ints(size, 0, classes).toArray();
        return new SequenceBatch(size, steps, 1, inputs, labels, lengths.clone(), stepLabels);
    }

    static Stream<Arguments> cases() {
        // seed, vocabulary, embedding, hidden, layers, peepholes, bidirectional, per step, lengths
        return Stream.of(
                Arguments.of(61L, 5, 3, 4, 1, false, false, true, new int[] {4, 3, 1}),
                Arguments.of(62L, 7, 2, 3, 2, true, false, true, new int[] {5, 5, 2}),
                Arguments.of(63L, 4, 3, 3, 1, false, false, false, new int[] {3, 2, 2, 1}),
                Arguments.of(64L, 6, 2, 3, 2, true, true, true, new int[] {4, 2, 1}));
    }

    @ParameterizedTest(name = "seed={0} V={1} D={2} H={3} layers={4} peepholes={5} bidirectional={6} steps={7}")
    @MethodSource("cases")
    void everyParameterAndTheTableMatchFiniteDifferences(long seed, int vocabulary, int width, int hidden, int layers,
                                                         boolean peepholes, boolean bidirectional, boolean perStep,
                                                         int[] lengths) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(vocabulary, hidden, layers, peepholes, 4, bidirectional,
                perStep ? ModelSpec.Output.STEPS : ModelSpec.Output.LAST, width);
        LstmNetwork model = LstmNetwork.create(spec, lengths[0], lengths.length, Precision.FLOAT64, Float64Cell::new);
        FlatBuffer params = model.parameters();
        params.copyFrom(GradientCheck.uniform(random, params.layout().size(), 0.8));
        SequenceBatch data = symbols(random, lengths, vocabulary, spec.classes(), perStep);

        model.forwardBackward(data);
        double[] analytic = model.gradients().toDoubleArray();
        DoubleSupplier loss = () -> model.forward(data).meanLoss();
        double worst = 0;
        for (ParameterLayout.Slot slot : params.layout().slots()) {
            double[] part = new double[slot.size()];
            System.arraycopy(analytic, slot.offset(), part, 0, part.length);
            double error = GradientCheck.maxRelativeError(params.view(slot.name()), part, loss);
            assertTrue(error <= TOLERANCE, slot.name() + " max relative error " + error);
            worst = Math.max(worst, error);
        }
        System.out.printf("GRADCHECK embedding V=%d D=%d %s%s layers=%d peepholes=%b: worst relative error %.2e%n",
                vocabulary, width, bidirectional ? "bidirectional" : "forward", perStep ? " per step" : "", layers,
                peepholes, worst);

        // A symbol that no running step holds gets no gradient: padding looks up symbol 0 and adds nothing.
        ParameterLayout.Slot table = params.layout().slot(ParameterLayout.EMBEDDING);
        boolean[] used = new boolean[vocabulary];
        for (int t = 0; t < data.steps(); t++) {
            for (int e = 0; e < data.size(); e++) {
                if (t < lengths[e]) {
                    used[(int) data.inputs()[t * data.size() + e]] = true;
                }
            }
        }
        for (int v = 0; v < vocabulary; v++) {
            for (int j = 0; !used[v] && j < width; j++) {
                assertEquals(0.0, analytic[table.offset() + v * width + j], "symbol " + v + " is not in the batch");
            }
        }
    }

    @Test
    void aTableIsAOneHotInputWhoseFirstWeightsAreTheProductWithIt() {
        SplittableRandom random = new SplittableRandom(71);
        int vocabulary = 6;
        int width = 3;
        int[] lengths = {5, 4, 2};
        ModelSpec embedded = new ModelSpec(vocabulary, 4, 2, true, 3, false, ModelSpec.Output.STEPS, width);
        ModelSpec oneHot = new ModelSpec(vocabulary, 4, 2, true, 3, false, ModelSpec.Output.STEPS);
        LstmNetwork a = LstmNetwork.create(embedded, 5, 3, Precision.FLOAT64, Float64Cell::new);
        LstmNetwork b = LstmNetwork.create(oneHot, 5, 3, Precision.FLOAT64, Float64Cell::new);
        double[] p = GradientCheck.uniform(random, a.parameters().layout().size(), 0.8);
        a.parameters().copyFrom(p);
        ParameterLayout la = a.parameters().layout();
        ParameterLayout lb = b.parameters().layout();
        double[] q = new double[lb.size()];
        for (ParameterLayout.Slot slot : lb.slots()) {
            if (!slot.name().equals(ParameterLayout.weightIh(0))) {
                System.arraycopy(p, la.slot(slot.name()).offset(), q, slot.offset(), slot.size());
            }
        }
        // W'[r][v] = Σ_j W_ih[r][j] · E[v][j]
        ParameterLayout.Slot w = la.slot(ParameterLayout.weightIh(0));
        ParameterLayout.Slot e = la.slot(ParameterLayout.EMBEDDING);
        ParameterLayout.Slot wb = lb.slot(ParameterLayout.weightIh(0));
        for (int r = 0; r < w.rows(); r++) {
            for (int v = 0; v < vocabulary; v++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    sum += p[w.offset() + r * width + j] * p[e.offset() + v * width + j];
                }
                q[wb.offset() + r * vocabulary + v] = sum;
            }
        }
        b.parameters().copyFrom(q);
        SequenceBatch symbols = symbols(random, lengths, vocabulary, 3, true);
        float[] hot = new float[symbols.inputs().length * vocabulary];
        for (int k = 0; k < symbols.inputs().length; k++) {
            hot[k * vocabulary + (int) symbols.inputs()[k]] = 1;
        }
        SequenceBatch hotBatch = new SequenceBatch(3, 5, vocabulary, hot, symbols.labels(), symbols.lengths(),
                symbols.stepLabels());
        assertEquals(b.forward(hotBatch).lossSum(), a.forward(symbols).lossSum(), 1e-12);
        assertArrayEquals(b.logits(), a.logits(), 1e-12);
    }

    @Test
    void float32FollowsFloat64() {
        SplittableRandom random = new SplittableRandom(81);
        ModelSpec spec = new ModelSpec(9, 8, 2, false, 5, false, ModelSpec.Output.STEPS, 4);
        LstmNetwork wide = LstmNetwork.create(spec, 6, 4, Precision.FLOAT64, Float64Cell::new);
        LstmNetwork narrow = LstmNetwork.create(spec, 6, 4);
        Initialization.keras(wide.parameters(), spec, 5);
        Initialization.keras(narrow.parameters(), spec, 5);
        SequenceBatch data = symbols(random, new int[] {6, 5, 3, 1}, 9, 5, true);
        assertEquals(wide.forwardBackward(data).meanLoss(), narrow.forwardBackward(data).meanLoss(), 1e-5);
        ParameterLayout.Slot table = wide.parameters().layout().slot(ParameterLayout.EMBEDDING);
        double[] g64 = wide.gradients().toDoubleArray();
        double[] g32 = narrow.gradients().toDoubleArray();
        double scale = 0;
        for (int k = 0; k < table.size(); k++) {
            scale = Math.max(scale, Math.abs(g64[table.offset() + k]));
        }
        assertTrue(scale > 0, "the table has a gradient");
        for (int k = 0; k < table.size(); k++) {
            assertEquals(g64[table.offset() + k], g32[table.offset() + k], 1e-4 * scale, "table element " + k);
        }
    }

    @Test
    void theTableIsNamedAsPyTorchNamesAnEmbeddingAndSymbolsOutsideItAreRefused() {
        ModelSpec spec = new ModelSpec(10, 4, 1, false, 3, false, ModelSpec.Output.LAST, 6);
        ParameterLayout layout = ParameterLayout.of(spec);
        assertEquals(List.of("embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0",
                "lstm.bias_hh_l0", "out.weight", "out.bias"), layout.slots().stream()
                .map(ParameterLayout.Slot::name).toList());
        assertArrayEquals(new int[] {10, 6}, layout.slot("embedding.weight").shape());
        assertArrayEquals(new int[] {16, 6}, layout.slot("lstm.weight_ih_l0").shape());
        LstmNetwork model = LstmNetwork.create(spec, 2, 1);
        Initialization.keras(model.parameters(), spec, 1);
        for (float bad : new float[] {10, -1, 2.5f}) {
            SequenceBatch batch = new SequenceBatch(1, 2, 1, new float[] {1, bad}, new int[] {0});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(batch));
            assertTrue(e.getMessage().contains("not a symbol of the 10-symbol vocabulary"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> model.forward(new SequenceBatch(1, 2, 10, new float[20], new int[] {0})));
    }
}
