package io.github.sparklstm.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text as symbols for a language model: how text is cut into units, and the vocabulary that numbers them.
 *
 * <p>Units: {@code char}, each Unicode code point (a newline is a symbol like any other); {@code word}, maximal runs
 * of letters and digits (an apostrophe between two letters stays inside: "don't"), every other visible character
 * a symbol of its own, a newline a symbol, other white space only a separator. Words keep their case.
 *
 * <p>The vocabulary {@link #of} counts: symbol 0 is {@link #UNKNOWN}, which stands for every symbol left out; then the
 * symbols seen at least {@code minCount} times, most frequent first (ties in code-point order of the symbol), at
 * most {@code maxSymbols} in all (0: no limit). Counts come from the training text only, so held-out text may meet
 * unknown symbols, as new text will.
 */
public final class TextSymbols implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The symbol that stands for any symbol not in the vocabulary. */
    public static final String UNKNOWN = "<unk>";

    /** How text is cut into symbols. */
    public enum Unit {
        CHAR, WORD;

        /** The symbols of {@code text} in order. */
        public List<String> split(String text) {
            List<String> out = new ArrayList<>();
            forEach(text, out::add);
            return out;
        }

        /** Hands each symbol of {@code text} in order to {@code symbol}, keeping none: texts may be large. */
        public void forEach(String text, java.util.function.Consumer<String> symbol) {
            int n = text.length();
            int k = 0;
            while (k < n) {
                int c = text.codePointAt(k);
                int width = Character.charCount(c);
                if (this == CHAR) {
                    symbol.accept(text.substring(k, k + width));
                    k += width;
                    continue;
                }
                if (Character.isLetterOrDigit(c)) {
                    int end = k + width;
                    while (end < n) {
                        int d = text.codePointAt(end);
                        boolean inner = d == '\'' && end + 1 < n && Character.isLetter(text.codePointAt(end + 1))
                                && Character.isLetter(text.codePointBefore(end));
                        if (!Character.isLetterOrDigit(d) && !inner) {
                            break;
                        }
                        end += Character.charCount(d);
                    }
                    symbol.accept(text.substring(k, end));
                    k = end;
                    continue;
                }
                if (c == '\n' || !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                    symbol.accept(text.substring(k, k + width));
                }
                k += width;
            }
        }

        /** Text again from symbols: chars side by side, words and marks separated by a space (not around newlines). */
        public String join(List<String> symbols) {
            if (this == CHAR) {
                return String.join("", symbols);
            }
            StringBuilder text = new StringBuilder();
            for (String s : symbols) {
                boolean newline = s.equals("\n");
                if (text.length() > 0 && !newline && text.charAt(text.length() - 1) != '\n') {
                    text.append(' ');
                }
                text.append(s);
            }
            return text.toString();
        }
    }

    private final List<String> symbols;
    private final Map<String, Integer> numbers;

    private TextSymbols(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.numbers = new HashMap<>();
        for (int k = 0; k < symbols.size(); k++) {
            numbers.put(symbols.get(k), k);
        }
    }

    /** The vocabulary of symbols counted as {@code counts} (see the class comment). */
    public static TextSymbols of(Map<String, Long> counts, long minCount, int maxSymbols) {
        if (minCount < 1 || maxSymbols < 0 || maxSymbols == 1) {
            throw new IllegalArgumentException("minCount " + minCount + " and maxSymbols " + maxSymbols
                    + ": expected minCount >= 1 and maxSymbols 0 (no limit) or >= 2");
        }
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !e.getKey().equals(UNKNOWN)) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey, TextSymbols::byCodePoints));
        List<String> symbols = new ArrayList<>(List.of(UNKNOWN));
        for (Map.Entry<String, Long> e : kept) {
            if (maxSymbols > 0 && symbols.size() == maxSymbols) {
                break;
            }
            symbols.add(e.getKey());
        }
        return new TextSymbols(symbols);
    }

    /**
     * A vocabulary numbered as {@code symbols} lists them, {@link #UNKNOWN} among them: {@link #symbols()}'s
     * order, or a model's labels (sorted, as class numbers are).
     */
    public static TextSymbols listed(List<String> symbols) {
        if (!symbols.contains(UNKNOWN) || symbols.stream().distinct().count() != symbols.size()) {
            throw new IllegalArgumentException("a vocabulary lists " + UNKNOWN + " and every symbol once");
        }
        return new TextSymbols(symbols);
    }

    /* Java's String order compares UTF-16 units, which puts some code points above others out of order. */
    private static int byCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Counts the symbols of {@code text} into {@code counts}. */
    public static void count(List<String> text, Map<String, Long> counts) {
        for (String s : text) {
            counts.merge(s, 1L, Long::sum);
        }
    }

    public int size() {
        return symbols.size();
    }

    /** The symbols in number order, {@link #UNKNOWN} first: what model.json keeps. */
    public List<String> symbols() {
        return symbols;
    }

    public String symbol(int number) {
        return symbols.get(number);
    }

    /** The number of {@code symbol}, or {@link #UNKNOWN}'s for a symbol outside the vocabulary. */
    public int number(String symbol) {
        Integer n = numbers.get(symbol);
        return n != null ? n : numbers.get(UNKNOWN);
    }

    public boolean contains(String symbol) {
        return numbers.containsKey(symbol);
    }

    /** The numbers of {@code text}'s symbols, {@link #UNKNOWN}'s for those outside the vocabulary. */
    public int[] encode(List<String> text) {
        int[] out = new int[text.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = number(text.get(k));
        }
        return out;
    }

    /** How many of {@code text}'s symbols are outside the vocabulary. */
    public long unknownIn(List<String> text) {
        return text.stream().filter(s -> !numbers.containsKey(s)).count();
    }

    /**
     * {@code bytes} as UTF-8, refusing what is not: an InvalidDataException naming {@code file} and the byte offset
     * and line of the first malformed sequence, since a model of mis-decoded text learns the wrong symbols.
     */
    public static String decode(byte[] bytes, String file) throws InvalidDataException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int k = 0; k < at; k++) {
                line += bytes[k] == '\n' ? 1 : 0;
            }
            throw new InvalidDataException(file, "is not UTF-8 text: byte " + at + " (line " + line + ") starts a "
                    + "malformed sequence (0x" + String.format("%02x", bytes[at] & 0xff) + ")");
        }
        out.flip();
        return out.toString();
    }
}
