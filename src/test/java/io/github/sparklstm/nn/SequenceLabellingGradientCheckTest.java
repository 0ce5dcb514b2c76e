package io.github.sparklstm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs at every step and bidirectional layers, checked in float64 against finite differences for every
 * parameter and the input, on ragged batches with unlabelled steps; the float32 engine held to float64 tensor by
 * tensor; a padded batch equal to its sequences one at a time (each sequence's backward direction starting at its
 * own last step); and the reversal's own rules.
 */
class SequenceLabellingGradientCheckTest {

    private static final double TOLERANCE = 1e-6;

    /** A ragged batch labelled per step: about one step in four without a label, and none on padding. */
    static SequenceBatch labelledPerStep(SplittableRandom random, int[] lengths, int features, int classes) {
        SequenceBatch ragged = RaggedBatchTest.raggedBatch(random, lengths, features, classes);
        int size = lengths.length;
        int steps = lengths[0];
        int[] stepLabels = new int[size * steps];
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < size; e++) {
                stepLabels[t * size + e] = t >= lengths[e] || random.nextInt(4) == 0 ? -1 : random.nextInt(classes);
            }
        }
        // At least one labelled step, or the mean loss is of nothing.
        stepLabels[0] = random.nextInt(classes);
        return new SequenceBatch(size, steps, features, ragged.inputs(), ragged.labels(), lengths.clone(),
                stepLabels);
    }

    static Stream<Arguments> cases() {
        // seed, input size, hidden, layers, peepholes, bidirectional, per step, lengths
        return Stream.of(
                Arguments.of(31L, 3, 4, 1, false, false, true, new int[] {4, 2, 1}),
                Arguments.of(32L, 2, 3, 2, true, false, true, new int[] {5, 3, 3, 1}),
                Arguments.of(33L, 3, 4, 1, false, true, false, new int[] {4, 2, 1}),
                Arguments.of(34L, 2, 3, 1, true, true, false, new int[] {3, 3, 1}),
                Arguments.of(35L, 3, 3, 2, false, true, false, new int[] {5, 4, 2}),
                Arguments.of(36L, 2, 3, 3, true, true, false, new int[] {4, 1}),
                Arguments.of(37L, 3, 4, 1, false, true, true, new int[] {4, 2, 1}),
                Arguments.of(38L, 2, 3, 2, true, true, true, new int[] {5, 3, 2, 2}),
                Arguments.of(39L, 2, 3, 3, false, true, true, new int[] {3, 2, 1}),
                Arguments.of(40L, 2, 2, 3, true, true, true, new int[] {1, 1}));
    }

    @ParameterizedTest(name = "seed={0} in={1} H={2} layers={3} peepholes={4} bidirectional={5} steps={6}")
    @MethodSource("cases")
    void everyParameterAndTheInputMatchFiniteDifferences(long seed, int in, int hidden, int layers,
                                                         boolean peepholes, boolean bidirectional, boolean perStep,
                                                         int[] lengths) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec spec = new ModelSpec(in, hidden, layers, peepholes, 4, bidirectional,
                perStep ? ModelSpec.Output.STEPS : ModelSpec.Output.LAST);
        LstmNetwork model = LstmNetwork.create(spec, lengths[0] + 1, lengths.length + 1, Precision.FLOAT64,
                Float64Cell::new);
        FlatBuffer params = model.parameters();
        params.copyFrom(GradientCheck.uniform(random, params.layout().size(), 0.8));
        SequenceBatch data = perStep ? labelledPerStep(random, lengths, in, spec.classes())
                : RaggedBatchTest.raggedBatch(random, lengths, in, spec.classes());

        GradientCheck.Worst checked = GradientCheck.checkNetwork(model, data, TOLERANCE);
        double worst = checked.parameters();
        double inputError = checked.input();
        double[] analyticInput = checked.inputGradient();
        System.out.printf("GRADCHECK %s%s layers=%d peepholes=%b %s: worst relative error %.2e (parameters), "
                        + "%.2e (input)%n", bidirectional ? "bidirectional" : "forward", perStep ? " per step" : "",
                layers, peepholes, java.util.Arrays.toString(lengths), worst, inputError);
        for (int e = 0; e < lengths.length; e++) {
            for (int t = lengths[e]; t < lengths[0]; t++) {
                for (int f = 0; f < in; f++) {
                    assertEquals(0.0, analyticInput[(t * lengths.length + e) * in + f], "padding's gradient");
                }
            }
        }
    }

    @Test
    void theBidirectionalTensorsAreNamedAsPyTorchNamesThem() {
        ModelSpec spec = new ModelSpec(3, 4, 2, false, 5, true, ModelSpec.Output.STEPS);
        ParameterLayout layout = ParameterLayout.of(spec);
        assertEquals(java.util.List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse",
                "lstm.bias_hh_l0_reverse", "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1",
                "lstm.bias_hh_l1", "lstm.weight_ih_l1_reverse", "lstm.weight_hh_l1_reverse", "lstm.bias_ih_l1_reverse",
                "lstm.bias_hh_l1_reverse", "out.weight", "out.bias"),
                layout.slots().stream().map(ParameterLayout.Slot::name).toList());
        assertArrayEquals(new int[] {16, 8}, layout.slot("lstm.weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {5, 8}, layout.slot("out.weight").shape());
    }

    @Test
    void aPaddedBatchEqualsItsSequencesOneAtATime() {
        SplittableRandom random = new SplittableRandom(51);
        int[] lengths = {6, 4, 4, 2, 1};
        for (ModelSpec.Output output : ModelSpec.Output.values()) {
            ModelSpec spec = new ModelSpec(3, 5, 2, true, 4, true, output);
            LstmNetwork batched = LstmNetwork.create(spec, 6, lengths.length, Precision.FLOAT64, Float64Cell::new);
            LstmNetwork single = LstmNetwork.create(spec, 6, 1, Precision.FLOAT64, Float64Cell::new);
            double[] params = GradientCheck.uniform(random, batched.parameters().layout().size(), 0.8);
            batched.parameters().copyFrom(params);
            single.parameters().copyFrom(params);
            SequenceBatch data = output == ModelSpec.Output.STEPS ? labelledPerStep(random, lengths, 3, 4)
                    : RaggedBatchTest.raggedBatch(random, lengths, 3, 4);
            BatchOutcome together = batched.forward(data);
            double[] logits = batched.logits();
            double lossSum = 0;
            for (int e = 0; e < lengths.length; e++) {
                SequenceBatch one = alone(data, e);
                BatchOutcome own = single.forward(one);
                lossSum += own.lossSum();
                double[] ownLogits = single.logits();
                int rows = output == ModelSpec.Output.STEPS ? lengths[e] : 1;
                for (int t = 0; t < rows; t++) {
                    int row = output == ModelSpec.Output.STEPS ? t * lengths.length + e : e;
                    for (int c = 0; c < 4; c++) {
                        assertEquals(ownLogits[t * 4 + c], logits[row * 4 + c], 1e-12,
                                output + ": logit " + c + " of example " + e + " at step " + t);
                    }
                }
            }
            assertEquals(lossSum, together.lossSum(), 1e-10, output + " loss");
        }
    }

    /* Example e of a batch alone, with its own step labels when it has them. */
    private static SequenceBatch alone(SequenceBatch batch, int e) {
        SequenceBatch one = RaggedBatchTest.alone(batch, e);
        if (batch.stepLabels() == null) {
            return one;
        }
        int[] labels = new int[one.steps()];
        for (int t = 0; t < labels.length; t++) {
            labels[t] = batch.stepLabel(t, e);
        }
        return new SequenceBatch(1, one.steps(), one.features(), one.inputs(), one.labels(), null, labels);
    }

    @Test
    void float32MatchesFloat64TensorByTensor() {
        SplittableRandom random = new SplittableRandom(61);
        int[] lengths = {9, 7, 7, 4, 2, 1, 1};
        for (ModelSpec.Output output : ModelSpec.Output.values()) {
            ModelSpec spec = new ModelSpec(5, 16, 2, true, 6, true, output);
            LstmNetwork fast = LstmNetwork.create(spec, 9, lengths.length);
            LstmNetwork exact = LstmNetwork.create(spec, 9, lengths.length, Precision.FLOAT64, Float64Cell::new);
            float[] params = GradientCheck.uniformFloats(random, fast.parameters().layout().size(), 0.5);
            fast.parameters().copyFrom(params);
            exact.parameters().copyFrom(params);
            SequenceBatch data = output == ModelSpec.Output.STEPS ? labelledPerStep(random, lengths, 5, 6)
                    : RaggedBatchTest.raggedBatch(random, lengths, 5, 6);
            BatchOutcome f = fast.forwardBackward(data);
            BatchOutcome d = exact.forwardBackward(data);
            assertEquals(d.meanLoss(), f.meanLoss(), 1e-5 * Math.abs(d.meanLoss()), output + " loss");
            double[] g32 = fast.gradients().toDoubleArray();
            double[] g64 = exact.gradients().toDoubleArray();
            for (ParameterLayout.Slot slot : fast.parameters().layout().slots()) {
                double norm = 0;
                double diff = 0;
                for (int k = slot.offset(); k < slot.offset() + slot.size(); k++) {
                    norm += g64[k] * g64[k];
                    diff += (g32[k] - g64[k]) * (g32[k] - g64[k]);
                }
                double relative = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
                assertTrue(relative < 1e-4, output + " " + slot.name() + ": float32 differs from float64 by "
                        + relative + " (relative L2)");
            }
        }
    }

    @Test
    void reversingEachSequenceTwiceGivesItBackAndLeavesPaddingInPlace() {
        int[] lengths = {3, 2, 1};
        double[] rows = new double[3 * 3 * 2];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        double[] once = (double[]) BidirectionalLayer.Rows.reverse(rows, 2, 3, 3, lengths);
        // Example 1 (length 2): its steps 0 and 1 swap; its step 2 is padding and stays.
        assertEquals(rows[(1 * 3 + 1) * 2], once[(0 * 3 + 1) * 2]);
        assertEquals(rows[(2 * 3 + 1) * 2], once[(2 * 3 + 1) * 2]);
        assertArrayEquals(rows, (double[]) BidirectionalLayer.Rows.reverse(once, 2, 3, 3, lengths));
    }
}
