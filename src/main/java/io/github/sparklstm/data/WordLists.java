package io.github.sparklstm.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A language-identification task from word lists (one word per line, UTF-8, as Debian's wamerican, wngerman, ...
 * install them under /usr/share/dict): each word, lowercased, is a sequence of its letters, and its class is the
 * language of the list it came from. Words made of anything but letters (possessives, abbreviations with dots,
 * compounds with spaces or hyphens) are left out, and so is every word that more than one list holds, whose
 * language the letters cannot tell. Each language gives the same number of words, drawn with a seed, and each
 * language's words are split into training and test words by the same seed.
 */
public final class WordLists {

    /** Languages and the Debian word list file (and package) of each. */
    public static final Map<String, String[]> DEBIAN = Map.of(
            "english", new String[] {"american-english", "wamerican"},
            "german", new String[] {"ngerman", "wngerman"},
            "french", new String[] {"french", "wfrench"},
            "spanish", new String[] {"spanish", "wspanish"},
            "italian", new String[] {"italian", "witalian"},
            "portuguese", new String[] {"portuguese", "wportuguese"},
            "dutch", new String[] {"dutch", "wdutch"});

    /** A word and its language (index into {@link Task#languages()}). */
    public record Word(String text, int language) implements java.io.Serializable {
    }

    /** The words of each split, the languages in label order, and the alphabet in feature order. */
    public record Task(List<String> languages, List<Word> train, List<Word> test, String alphabet, int dropped)
            implements java.io.Serializable {

        /** One step per letter: a one-hot vector over the alphabet. */
        public float[][] oneHot(String word) {
            float[][] steps = new float[word.length()][alphabet.length()];
            for (int t = 0; t < word.length(); t++) {
                int at = alphabet.indexOf(word.charAt(t));
                if (at < 0) {
                    throw new IllegalArgumentException("\"" + word + "\": letter '" + word.charAt(t)
                            + "' is not in the alphabet");
                }
                steps[t][at] = 1f;
            }
            return steps;
        }
    }

    private WordLists() {
    }

    /**
     * Reads {@code languages} from {@code directory} (Debian's file names), keeps {@code perLanguage} words of each
     * (all if fewer) and splits each language's words {@code 1 - testFraction : testFraction}.
     */
    public static Task read(Path directory, List<String> languages, int perLanguage, double testFraction, long seed)
            throws IOException {
        if (languages.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two languages, got " + languages);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be in (0, 1), got " + testFraction);
        }
        Map<String, List<String>> byLanguage = new LinkedHashMap<>();
        Map<String, Integer> listsHolding = new HashMap<>();
        for (String language : languages) {
            String[] debian = DEBIAN.get(language);
            if (debian == null) {
                throw new IllegalArgumentException("unknown language " + language + ": expected some of "
                        + new TreeSet<>(DEBIAN.keySet()));
            }
            List<String> words = new ArrayList<>(new TreeSet<>(letterWords(directory.resolve(debian[0]), debian[1])));
            for (String w : words) {
                listsHolding.merge(w, 1, Integer::sum);
            }
            byLanguage.put(language, words);
        }
        List<Word> train = new ArrayList<>();
        List<Word> test = new ArrayList<>();
        TreeSet<Character> letters = new TreeSet<>();
        int dropped = 0;
        for (int k = 0; k < languages.size(); k++) {
            List<String> unambiguous = new ArrayList<>();
            for (String w : byLanguage.get(languages.get(k))) {
                if (listsHolding.get(w) == 1) {
                    unambiguous.add(w);
                } else {
                    dropped++;
                }
            }
            int[] order = EpochOrder.fisherYates(unambiguous.size(), new SplittableRandom(EpochOrder.mix(seed + k)));
            int kept = Math.min(perLanguage, unambiguous.size());
            int testCount = (int) Math.round(kept * testFraction);
            for (int i = 0; i < kept; i++) {
                String w = unambiguous.get(order[i]);
                (i < testCount ? test : train).add(new Word(w, k));
                for (char c : w.toCharArray()) {
                    letters.add(c);
                }
            }
        }
        StringBuilder alphabet = new StringBuilder();
        letters.forEach(alphabet::append);
        // Languages mixed in file order too, so that the first rows (data.trainLimit) hold all of them.
        return new Task(List.copyOf(languages), shuffled(train, seed), shuffled(test, seed + 1), alphabet.toString(),
                dropped);
    }

    private static List<Word> shuffled(List<Word> words, long seed) {
        int[] order = EpochOrder.fisherYates(words.size(), new SplittableRandom(EpochOrder.mix(seed) ^ 0x5eedL));
        List<Word> out = new ArrayList<>(words.size());
        for (int i : order) {
            out.add(words.get(i));
        }
        return List.copyOf(out);
    }

    /* A list's words of letters only, lowercased. */
    private static List<String> letterWords(Path file, String debianPackage) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException(file.toString(), "not found: install Debian's " + debianPackage
                    + " (apt-get install " + debianPackage + ")");
        } catch (CharacterCodingException e) {
            throw new InvalidDataException(file.toString(), "is not UTF-8 text");
        }
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            String w = line.strip().toLowerCase(Locale.ROOT);
            if (!w.isEmpty() && w.chars().allMatch(Character::isLetter)) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            throw new InvalidDataException(file.toString(), "holds no words of letters");
        }
        return words;
    }
}
