package io.github.sparklstm.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.TextSymbols;
import io.github.sparklstm.data.TextWindows;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pieces of a character model in one JVM: text cut into symbols, windows whose steps predict the next symbol,
 * an embedding in front of the LSTM, the per-step loss; the held-out text's bits per character fall well below
 * what symbol frequencies alone give, and the model then writes the words it learnt.
 */
class NextSymbolTrainingTest {

    /* A text's characters, its vocabulary counted on the training part, and the windows of both parts. */
    private record Corpus(TextSymbols vocabulary, Map<String, Long> counts, FloatSequences train,
                          FloatSequences test) {
        static Corpus of(String text, double heldOut, int window) {
            List<String> chars = TextSymbols.Unit.CHAR.split(text);
            int held = TextWindows.heldFrom(chars.size(), heldOut);
            Map<String, Long> counts = new HashMap<>();
            TextSymbols.count(chars.subList(0, held), counts);
            TextSymbols vocabulary = TextSymbols.of(counts, 1, 0);
            int[] symbols = vocabulary.encode(chars);
            return new Corpus(vocabulary, counts, TextWindows.of(symbols, 0, held, window),
                    TextWindows.of(symbols, held, symbols.length, window));
        }
    }

    @Test
    void aCharacterModelLearnsWordsAndWritesThem() {
        List<String> words = List.of("lstm", "spark", "stream", "state", "step");
        SplittableRandom random = new SplittableRandom(2);
        StringBuilder text = new StringBuilder();
        while (text.length() < 12_000) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(8) == 0 ? "\n" : " ");
        }
        Corpus corpus = Corpus.of(text.toString(), 0.1, 32);
        TextSymbols vocabulary = corpus.vocabulary();
        Map<String, Long> counts = corpus.counts();
        FloatSequences train = corpus.train();
        FloatSequences test = corpus.test();

        int v = vocabulary.size();
        ModelSpec spec = new ModelSpec(v, 32, 1, false, v, false, ModelSpec.Output.STEPS, 8);
        TrainingSettings settings = new TrainingSettings(6, 16, OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM),
                new LearningRateSchedule.Constant(1e-2), 0, 5);
        Trainer.Result result = Trainer.train(spec, InputScaling.identity(1), train, test, settings,
                new Trainer.Listener() { });
        double bits = result.test().meanLoss() / Math.log(2);
        double unigram = 0;
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        for (long c : counts.values()) {
            double p = (double) c / total;
            unigram -= p * Math.log(p) / Math.log(2);
        }
        System.out.printf("NEXT-SYMBOL held-out %.3f bits/char (symbol frequencies alone: %.3f)%n", bits, unigram);
        assertTrue(bits < 0.5 * unigram, bits + " bits/char against " + unigram);

        result.replica().parameters().copyFrom(result.kept());
        int[] prompt = vocabulary.encode(TextSymbols.Unit.CHAR.split("the spa"));
        int[] next = Generation.continuation(result.replica().model(), prompt, new Generation.Settings(3, 0, 0, 1));
        StringBuilder written = new StringBuilder();
        for (int s : next) {
            written.append(vocabulary.symbol(s));
        }
        assertTrue(written.toString().equals("rk "), "after \"the spa\": \"" + written + "\"");
    }

    /*
     * Blocks "x--x\n" with x a coin flip between a and b, read in windows of four: the closing x repeats the opening
     * one three steps back, in the same window for one block in four. Gradients stop at a window's start, so the model
     * learns to keep the letter from those; resetting at every window it cannot use it for the other three, whose
     * closing letter stays a coin flip (at best 1.75 bits a block, 0.35 a character); carrying state from window to
     * window it can (1 bit a block, 0.2 a character).
     */
    @Test
    void carriedStateRemembersPastTheWindow() {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < 9_000) {
            char c = random.nextBoolean() ? 'a' : 'b';
            text.append(c).append("--").append(c).append('\n');
        }
        Corpus corpus = Corpus.of(text.toString(), 0.2, 4);
        FloatSequences train = corpus.train();
        FloatSequences test = corpus.test();
        int v = corpus.vocabulary().size();
        ModelSpec spec = new ModelSpec(v, 16, 1, false, v, false, ModelSpec.Output.STEPS, 4);
        double[] bits = new double[2];
        for (int carry = 0; carry < 2; carry++) {
            TrainingSettings settings = new TrainingSettings(new Epochs(4, 0), 8,
                    OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM), new LearningRateSchedule.Constant(1e-2), 0, 5,
                    ModelSelection.Settings.keepLast(), Double.POSITIVE_INFINITY, carry == 1);
            Trainer.Result result = Trainer.train(spec, InputScaling.identity(1), train, test, settings,
                    new Trainer.Listener() { });
            bits[carry] = result.test().meanLoss() / Math.log(2);
        }
        System.out.printf("NEXT-SYMBOL blocks x--x: reset every window %.3f bits/char, carried %.3f (bounds 0.35, "
                + "0.2)%n", bits[0], bits[1]);
        assertTrue(bits[0] > 0.3, "without carried state the closing letter is a coin flip: " + bits[0]);
        assertTrue(bits[1] < 0.27, "carried state remembers the opening letter: " + bits[1]);
    }
}
