package io.github.sparklstm.data;

/**
 * Next-symbol examples from a text's symbol numbers: window k holds symbols [k·W, k·W + W) of the part as inputs
 * (one feature per step, the symbol's number, for a model with an embedding) and labels each step with the symbol
 * after it, so the windows tile the part without overlap and every symbol but the first is a target once. The
 * last window is shorter when W does not divide the part, so nothing is dropped.
 *
 * <p>A held-out part is taken by position, from the text's end ({@link #heldFrom}), so no held-out symbol is ever a
 * training target, and no training window reads one.
 */
public final class TextWindows {

    private TextWindows() {
    }

    /** Where the held-out part of {@code length} symbols starts: the last {@code fraction} of them (0: none). */
    public static int heldFrom(int length, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction " + fraction + ": expected [0, 1)");
        }
        return length - (int) Math.round(length * fraction);
    }

    /** The windows of {@code window} steps over symbols [from, to) of {@code symbols}; none for fewer than 2. */
    public static FloatSequences of(int[] symbols, int from, int to, int window) {
        if (window < 1 || from < 0 || to > symbols.length || from > to) {
            throw new IllegalArgumentException("window " + window + " over [" + from + ", " + to + ") of "
                    + symbols.length + " symbols");
        }
        int targets = Math.max(0, to - from - 1);
        int count = (targets + window - 1) / window;
        float[] values = new float[targets];
        int[] stepLabels = new int[targets];
        int[] ends = new int[count];
        for (int k = 0; k < targets; k++) {
            values[k] = symbols[from + k];
            stepLabels[k] = symbols[from + k + 1];
        }
        for (int e = 0; e < count; e++) {
            ends[e] = Math.min(targets, (e + 1) * window);
        }
        int[] labels = new int[count];
        java.util.Arrays.fill(labels, -1);
        return new FloatSequences(values, labels, window, 1, ends, stepLabels);
    }
}
