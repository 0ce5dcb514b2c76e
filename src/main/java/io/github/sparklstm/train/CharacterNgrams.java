package io.github.sparklstm.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline for classifying words: multinomial naive Bayes over the word's character n-grams (n = 1 to
 * {@code order}, the word framed by '^' and '$' so beginnings and endings count), with add-one smoothing. What a
 * sequence model should beat: it sees which letter groups occur, not in what order beyond n.
 */
public final class CharacterNgrams {

    private final int order;
    private final int classes;
    private final Map<String, long[]> counts = new HashMap<>();
    private final long[] totals;
    private final long[] examples;

    private CharacterNgrams(int order, int classes) {
        this.order = order;
        this.classes = classes;
        this.totals = new long[classes];
        this.examples = new long[classes];
    }

    /** Counts the n-grams of {@code words} by their {@code labels} (0..classes-1). */
    public static CharacterNgrams fit(List<String> words, int[] labels, int classes, int order) {
        if (words.size() != labels.length || order < 1 || classes < 2) {
            throw new IllegalArgumentException(words.size() + " words, " + labels.length + " labels, order " + order
                    + ", " + classes + " classes");
        }
        CharacterNgrams model = new CharacterNgrams(order, classes);
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            model.examples[label]++;
            for (String gram : model.grams(words.get(i))) {
                model.counts.computeIfAbsent(gram, g -> new long[classes])[label]++;
                model.totals[label]++;
            }
        }
        return model;
    }

    /** The most probable class of {@code word}. */
    public int predict(String word) {
        double vocabulary = counts.size() + 1; // one slot for n-grams never seen
        long all = 0;
        for (long e : examples) {
            all += e;
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        List<String> grams = grams(word);
        for (int c = 0; c < classes; c++) {
            double score = Math.log((examples[c] + 1.0) / (all + classes));
            double denominator = Math.log(totals[c] + vocabulary);
            for (String gram : grams) {
                long[] seen = counts.get(gram);
                score += Math.log((seen == null ? 0 : seen[c]) + 1.0) - denominator;
            }
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** The share of {@code words} predicted as their {@code labels}. */
    public double accuracy(List<String> words, int[] labels) {
        long right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predict(words.get(i)) == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    private List<String> grams(String word) {
        String framed = "^" + word + "$";
        List<String> grams = new java.util.ArrayList<>();
        for (int n = 1; n <= order; n++) {
            for (int i = 0; i + n <= framed.length(); i++) {
                String gram = framed.substring(i, i + n);
                if (!gram.equals("^") && !gram.equals("$")) {
                    grams.add(gram);
                }
            }
        }
        return grams;
    }
}
