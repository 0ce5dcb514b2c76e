package io.github.sparklstm.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sequence-labelling task from the headwords of GCIDE (the Collaborative International Dictionary of English:
 * Webster's 1913 and WordNet; Debian's {@code dict-gcide}): each entry writes its headword with syllable breaks and
 * stress marks, as {@code Ab"a*cus}: {@code *} a syllable break, {@code "} the primary stress (after the stressed
 * syllable), {@code `} a secondary stress. A word is a sequence of its letters and each letter is labelled with what
 * follows it: {@link #LABELS} {@code none}, {@code break}, {@code stress} or {@code stress2}.
 *
 * <p>Kept: headwords of letters only whose marked form has the same letters and no other marks (compounds with
 * spaces or hyphens, abbreviations, acronyms and forms with other accents are left out), the first marked form of
 * each word, lowercased. The words are split into training and test words by a seeded shuffle.
 */
public final class Syllables {

    /** What follows a letter. */
    public static final List<String> LABELS = List.of("none", "break", "stress", "stress2");
    /* A headword at the start of a line, then its marked form between backslashes. */
    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z][^\\\\\\n]*?) \\\\([^\\\\\\n]+)\\\\");

    private Syllables() {
    }

    /** A word and each letter's label (an index into {@link #LABELS}). */
    public record Word(String text, int[] labels) {
        public Word {
            if (text.length() != labels.length) {
                throw new IllegalArgumentException(text + ": " + labels.length + " labels for " + text.length()
                        + " letters");
            }
        }
    }

    /** The words of the split and how many entries each rule left out. */
    public record Task(List<Word> train, List<Word> test, int entries, int kept) {
    }

    /** The word of a marked form, or null when the form holds anything but letters and the three marks. */
    public static Word parse(String form) {
        StringBuilder letters = new StringBuilder();
        List<Integer> labels = new ArrayList<>();
        for (char c : form.toCharArray()) {
            int mark = c == '*' ? 1 : c == '"' ? 2 : c == '`' ? 3 : 0;
            if (mark > 0) {
                if (labels.isEmpty() || labels.get(labels.size() - 1) != 0) {
                    return null; // a mark first, or two marks after one letter
                }
                labels.set(labels.size() - 1, mark);
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letters.append(Character.toLowerCase(c));
                labels.add(0);
            } else {
                return null;
            }
        }
        return letters.isEmpty() ? null : new Word(letters.toString(),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Reads the dictionary's text (its entries, one headword per line start) and splits the kept words: a
     * {@code testFraction} of them, drawn by a shuffle seeded with {@code seed}, for testing.
     */
    public static Task read(BufferedReader dictionary, double testFraction, long seed) throws IOException {
        Map<String, Word> words = new LinkedHashMap<>();
        int entries = 0;
        for (String line = dictionary.readLine(); line != null; line = dictionary.readLine()) {
            Matcher m = ENTRY.matcher(line);
            if (!m.find()) {
                continue;
            }
            entries++;
            String head = m.group(1);
            // Letters only, at least two, and not an acronym (ABC): its "syllables" are letters.
            if (!head.matches("[A-Za-z]{2,}") || head.length() > 1 && head.equals(head.toUpperCase(Locale.ROOT))) {
                continue;
            }
            Word word = parse(m.group(2));
            if (word != null && word.text().equals(head.toLowerCase(Locale.ROOT))) {
                words.putIfAbsent(word.text(), word);
            }
        }
        List<Word> all = new ArrayList<>(words.values());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Word w = all.get(i);
            all.set(i, all.get(j));
            all.set(j, w);
        }
        int test = (int) Math.round(testFraction * all.size());
        return new Task(List.copyOf(all.subList(test, all.size())), List.copyOf(all.subList(0, test)), entries,
                all.size());
    }

    /** The one-hot steps of a word over a..z. */
    public static float[][] oneHot(String word) {
        float[][] steps = new float[word.length()][26];
        for (int t = 0; t < word.length(); t++) {
            steps[t][word.charAt(t) - 'a'] = 1;
        }
        return steps;
    }
}
