package io.github.sparklstm.train;

import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.BatchOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline for labelling each letter of a word: the label most often seen in training for the letter's context
 * of {@code width} letters either side (the word framed by '^' and '$'), backing off to narrower contexts, then to
 * the most common label. What a sequence model should beat: it sees a fixed window, not the whole word.
 */
public final class ContextMajority {

    private final int width;
    private final int classes;
    /* One table per context width 0..width: context -> counts per label. */
    private final List<Map<String, long[]>> counts;
    private final int mostCommon;

    private ContextMajority(int width, int classes, List<Map<String, long[]>> counts, int mostCommon) {
        this.width = width;
        this.classes = classes;
        this.counts = counts;
        this.mostCommon = mostCommon;
    }

    /** Counts the labels ({@code labels.get(w)[t]} of letter t of word w) of {@code words} by context. */
    public static ContextMajority fit(List<String> words, List<int[]> labels, int classes, int width) {
        List<Map<String, long[]>> counts = new java.util.ArrayList<>();
        for (int k = 0; k <= width; k++) {
            counts.add(new HashMap<>());
        }
        long[] overall = new long[classes];
        for (int w = 0; w < words.size(); w++) {
            String framed = frame(words.get(w), width);
            for (int t = 0; t < words.get(w).length(); t++) {
                int label = labels.get(w)[t];
                overall[label]++;
                for (int k = 0; k <= width; k++) {
                    counts.get(k).computeIfAbsent(context(framed, t, k, width), c -> new long[classes])[label]++;
                }
            }
        }
        return new ContextMajority(width, classes, counts, argmax(overall));
    }

    /** Each letter's predicted label. */
    public int[] predict(String word) {
        String framed = frame(word, width);
        int[] predicted = new int[word.length()];
        for (int t = 0; t < word.length(); t++) {
            predicted[t] = mostCommon;
            for (int k = width; k >= 0; k--) {
                long[] seen = counts.get(k).get(context(framed, t, k, width));
                if (seen != null) {
                    predicted[t] = argmax(seen);
                    break;
                }
            }
        }
        return predicted;
    }

    /** The baseline evaluated on {@code words} as the network is: per letter, per word, per class. */
    public Evaluation evaluate(List<String> words, List<int[]> labels) {
        Evaluation evaluation = new Evaluation(classes);
        for (int w = 0; w < words.size(); w++) {
            int[] truth = labels.get(w);
            int[] predicted = predict(words.get(w));
            int correct = 0;
            for (int t = 0; t < truth.length; t++) {
                correct += truth[t] == predicted[t] ? 1 : 0;
            }
            evaluation.add(new SequenceBatch(1, truth.length, 1, new float[truth.length], new int[] {-1}, null,
                    truth), new BatchOutcome(1, truth.length, 0, correct, predicted));
        }
        return evaluation;
    }

    private static String frame(String word, int width) {
        return "^".repeat(width) + word + "$".repeat(width);
    }

    /* Letter t's context of k letters either side, in a word framed by width pads each side. */
    private static String context(String framed, int t, int k, int width) {
        return framed.substring(width + t - k, width + t + k + 1);
    }

    private static int argmax(long[] counts) {
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            best = counts[c] > counts[best] ? c : best;
        }
        return best;
    }
}
