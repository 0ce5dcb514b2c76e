package io.github.sparklstm.bench;

import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.TextWindows;
import io.github.sparklstm.nn.ModelSpec;
import java.util.SplittableRandom;

/**
 * The bench's language-model row: conf/gcide-chars.properties' character model (93 symbols through a 64-wide
 * embedding into 256 units, a class at every one of 100 steps, minibatches of 32) on one thread, over random
 * symbols (the cost does not depend on the text), in characters/s and GFLOP/s beside the gemm's ceiling at that
 * shape and PyTorch's same model timed by jobs/peer/torch_charlm.py --bench.
 */
final class CharModelRate {

    static final int SYMBOLS = 93;
    static final int EMBEDDING = 64;
    static final int HIDDEN = 256;
    static final int WINDOW = 100;
    static final int BATCH = 32;

    private CharModelRate() {
    }

    static void print(double seconds, double peerCharsPerSecond) {
        SplittableRandom random = new SplittableRandom(1);
        int[] text = new int[WINDOW * 64 * BATCH + 1];
        for (int k = 0; k < text.length; k++) {
            text[k] = random.nextInt(SYMBOLS);
        }
        FloatSequences windows = TextWindows.of(text, 0, text.length, WINDOW);
        ModelSpec spec = new ModelSpec(SYMBOLS, HIDDEN, 1, false, SYMBOLS, false, ModelSpec.Output.STEPS, EMBEDDING);
        EngineRate.Result r = EngineRate.measure(spec, windows, EpochOrder.shuffled(windows.size(), 1, 0, 0), BATCH,
                seconds);
        double flops = spec.trainingFlopsPerExample(WINDOW);
        // The softmax's products ([32·100 x 256] x [256 x 93]) are larger than the LSTM's, and faster: the ceiling
        // (the LSTM-shaped product) is compared with the LSTM's share of the work alone.
        double lstm = flops - 3 * 2.0 * HIDDEN * SYMBOLS * WINDOW;
        double chars = r.examplesPerSecond() * WINDOW;
        System.out.printf("char model %d-%d-%d-%d, %d steps, batch %d  %8.0f characters/s  %5.1f GFLOP/s (the LSTM's "
                        + "%.1f: %.0f%% of the gemm's %.1f at its shape)%s%n", SYMBOLS, EMBEDDING, HIDDEN, SYMBOLS,
                WINDOW, BATCH, chars, r.examplesPerSecond() * flops / 1e9, r.examplesPerSecond() * lstm / 1e9,
                100 * r.examplesPerSecond() * lstm / 1e9 / r.ceilingGflops(), r.ceilingGflops(),
                Double.isNaN(peerCharsPerSecond) ? "" : String.format(
                        " | PyTorch's same model: %.0f characters/s, the engine %.2fx it", peerCharsPerSecond,
                        chars / peerCharsPerSecond));
    }
}
