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

    @Test
    void aCharacterModelLearnsWordsAndWritesThem() {
        List<String> words = List.of("lstm", "spark", "stream", "state", "step");
        SplittableRandom random = new SplittableRandom(2);
        StringBuilder text = new StringBuilder();
        while (text.length() < 12_000) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(8) == 0 ? "\n" : " ");
        }
        List<String> chars = TextSymbols.Unit.CHAR.split(text.toString());
        int held = TextWindows.heldFrom(chars.size(), 0.1);
        Map<String, Long> counts = new HashMap<>();
        TextSymbols.count(chars.subList(0, held), counts);
        TextSymbols vocabulary = TextSymbols.of(counts, 1, 0);
        int[] symbols = vocabulary.encode(chars);
        FloatSequences train = TextWindows.of(symbols, 0, held, 32);
        FloatSequences test = TextWindows.of(symbols, held, symbols.length, 32);

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
}
