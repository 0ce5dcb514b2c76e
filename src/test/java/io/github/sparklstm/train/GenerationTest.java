package io.github.sparklstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generation: one step per symbol with the state carried is the whole text run at once (greedy choices are the
 * argmax of the whole run's logits at each step); a seed fixes the text; the sampler draws from the tempered,
 * top-k-cut softmax.
 */
class GenerationTest {

    private static LstmNetwork model(int width, int steps) {
        ModelSpec spec = new ModelSpec(7, 16, 2, false, 7, false, ModelSpec.Output.STEPS, width);
        LstmNetwork model = LstmNetwork.create(spec, steps, 1);
        Initialization.keras(model.parameters(), spec, 3);
        // Larger weights than Keras' start, so the logits differ clearly from step to step.
        model.parameters().flat().muli(3);
        return model;
    }

    /* Scoring in windows of 3 with the state carried is the text in one window: the same log-probabilities. */
    @Test
    void scoresInWindowsAreTheWholeTextsLogSoftmax() {
        int[] text = {1, 4, 2, 2, 6, 0, 3, 5, 5, 1, 0};
        double[] windows = Generation.logProbabilities(model(5, 3), text);
        LstmNetwork whole = model(5, text.length);
        float[] inputs = new float[text.length];
        for (int t = 0; t < text.length; t++) {
            inputs[t] = text[t];
        }
        whole.forward(new SequenceBatch(1, text.length, 1, inputs, new int[] {0}, null, null));
        double[] logits = whole.logits();
        assertEquals(text.length - 1, windows.length);
        double total = 0;
        for (int t = 0; t + 1 < text.length; t++) {
            double sum = 0;
            for (int c = 0; c < 7; c++) {
                sum += Math.exp(logits[t * 7 + c]);
            }
            assertEquals(logits[t * 7 + text[t + 1]] - Math.log(sum), windows[t], 1e-5, "step " + t);
            total += windows[t];
        }
        assertTrue(total < 0 && total > -100, "log-probabilities " + Arrays.toString(windows));
        assertEquals(0, Generation.logProbabilities(model(5, 3), new int[] {2}).length);
    }

    @Test
    void stepByStepWithTheStateCarriedIsTheWholeTextAtOnce() {
        for (int width : new int[] {0, 5}) {
            int[] prompt = {1, 4, 2, 2, 6, 0, 3};
            int[] generated = Generation.continuation(model(width, 3), prompt, new Generation.Settings(12, 0, 0, 1));
            int[] text = new int[prompt.length + generated.length];
            System.arraycopy(prompt, 0, text, 0, prompt.length);
            System.arraycopy(generated, 0, text, prompt.length, generated.length);
            LstmNetwork whole = model(width, text.length);
            ModelSpec spec = whole.spec();
            float[] inputs = new float[text.length * spec.batchFeatures()];
            for (int t = 0; t < text.length; t++) {
                inputs[width > 0 ? t : t * spec.inputSize() + text[t]] = width > 0 ? text[t] : 1f;
            }
            whole.forward(new SequenceBatch(1, text.length, spec.batchFeatures(), inputs, new int[] {0}, null, null));
            double[] logits = whole.logits();
            for (int k = 0; k < generated.length; k++) {
                int t = prompt.length - 1 + k;
                double[] row = Arrays.copyOfRange(logits, t * 7, (t + 1) * 7);
                assertEquals(Generation.sample(row, 0, 0, null), generated[k], "embedding " + width + ", symbol "
                        + k + " of " + Arrays.toString(generated));
            }
            assertTrue(Arrays.stream(generated).distinct().count() > 1, "a constant text says little: "
                    + Arrays.toString(generated));
        }
    }

    @Test
    void aSeedFixesTheTextAndTopOneIsGreedy() {
        int[] prompt = {3, 1};
        LstmNetwork model = model(4, 8);
        int[] a = Generation.continuation(model, prompt, new Generation.Settings(40, 1.0, 0, 7));
        int[] b = Generation.continuation(model, prompt, new Generation.Settings(40, 1.0, 0, 7));
        int[] c = Generation.continuation(model, prompt, new Generation.Settings(40, 1.0, 0, 8));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another seed, another text");
        assertArrayEquals(Generation.continuation(model, prompt, new Generation.Settings(20, 0, 0, 1)),
                Generation.continuation(model, prompt, new Generation.Settings(20, 0.8, 1, 99)));
    }

    @Test
    void theSamplerDrawsFromTheTemperedTopKSoftmax() {
        double[] logits = {1.0, 3.0, 0.0, 2.5, -1.0};
        SplittableRandom random = new SplittableRandom(5);
        int draws = 200_000;
        for (double temperature : new double[] {0.5, 1.0, 2.0}) {
            for (int topK : new int[] {0, 3}) {
                int[] counts = new int[logits.length];
                for (int n = 0; n < draws; n++) {
                    counts[Generation.sample(logits, temperature, topK, random)]++;
                }
                double[] expected = new double[logits.length];
                double total = 0;
                for (int c = 0; c < logits.length; c++) {
                    boolean kept = topK == 0 || logits[c] >= 1.0;  // the top 3: 3.0, 2.5, 1.0
                    expected[c] = kept ? Math.exp(logits[c] / temperature) : 0;
                    total += expected[c];
                }
                for (int c = 0; c < logits.length; c++) {
                    double p = expected[c] / total;
                    double sd = Math.sqrt(p * (1 - p) / draws);
                    assertEquals(p, (double) counts[c] / draws, 5 * sd + 1e-12,
                            "T=" + temperature + " k=" + topK + " symbol " + c);
                }
            }
        }
        assertEquals(1, Generation.sample(logits, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Generation.Settings(5, -1, 0, 1));
        LstmNetwork wholeSequence = LstmNetwork.create(new ModelSpec(7, 4, 1, false, 7), 4, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Generation.continuation(wholeSequence, new int[] {1}, new Generation.Settings(3, 1, 0, 1)));
    }
}
