package io.github.sparklstm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.WordLists;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.CharacterNgrams;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-lstm words --output DIR}: a second real task, with sequences that differ in length: which language a
 * word is written in, from its letters. Builds the tables from the word lists Debian installs (not shipped here),
 * reports two baselines (the majority class, and naive Bayes over character 1- to 3-grams), and the job trains on
 * the tables with conf/words-lstm.properties. The lists are read where the command's driver runs (a few MB of
 * words); executors make the one-hot steps and write the tables to any Hadoop path.
 */
@Command(name = "words", mixinStandardHelpOptions = true,
        description = "Writes a language-identification task from Debian's word lists as Parquet tables: word "
                + "string, label string (the language), features array<array<float>> (one one-hot step per letter).")
final class WordsCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, description = "directory (any Hadoop path) for train/, test/, "
            + "task.json")
    String output;

    @Option(names = "--dict", description = "where the word lists are (default: ${DEFAULT-VALUE})")
    Path dictionary = Path.of("/usr/share/dict");

    @Option(names = "--languages", split = ",", description = "languages (default: ${DEFAULT-VALUE})")
    List<String> languages = List.of("english", "german", "french", "spanish", "italian");

    @Option(names = "--per-language", description = "words per language (default: ${DEFAULT-VALUE})")
    int perLanguage = 20_000;

    @Option(names = "--test-fraction", description = "of each language's words, for testing (default: "
            + "${DEFAULT-VALUE})")
    double testFraction = 0.2;

    @Option(names = "--seed", description = "which words are drawn and how they split (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    private final PrintStream out;

    WordsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (perLanguage < 10) {
            throw new ConfigException("--per-language=" + perLanguage + ": at least 10");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new ConfigException("--test-fraction=" + testFraction + ": must be between 0 and 1");
        }
        for (String language : languages) {
            if (!WordLists.DEBIAN.containsKey(language)) {
                throw new ConfigException("--languages: unknown language " + language + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(WordLists.DEBIAN.keySet())) + ")");
            }
        }
        long start = System.nanoTime();
        WordLists.Task task = WordLists.read(dictionary, languages, perLanguage, testFraction, seed);
        out.printf(Locale.ROOT, "words: %d languages, %d training and %d test words, alphabet of %d letters "
                        + "(%d words in several lists left out)%n", languages.size(), task.train().size(),
                task.test().size(), task.alphabet().length(), task.dropped());
        ObjectNode report = baselines(task);
        try (SparkSession spark = SparkSetup.start(SparkSetup.sparkConf().setAppName("spark-lstm-words"))) {
            HadoopStore root = HadoopStore.at(output, spark.sparkContext().hadoopConfiguration());
            if (!root.list().isEmpty() && !overwrite) {
                throw new ConfigException("--output " + root.location() + " is not empty (add --overwrite)");
            }
            write(spark, task, task.train(), root.location("train"));
            write(spark, task, task.test(), root.location("test"));
            root.writeAtomically("task.json", o -> new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(o, report));
            out.printf(Locale.ROOT, "wrote %s/train and %s/test in %.1f s; train on them with --config "
                    + "conf/words-lstm.properties data.train=%s/train data.test=%s/test%n", root.location(),
                    root.location(), (System.nanoTime() - start) / 1e9, root.location(), root.location());
        }
        return 0;
    }

    private ObjectNode baselines(WordLists.Task task) {
        int[] trainLabels = task.train().stream().mapToInt(WordLists.Word::language).toArray();
        int[] testLabels = task.test().stream().mapToInt(WordLists.Word::language).toArray();
        long[] counts = new long[languages.size()];
        Arrays.stream(trainLabels).forEach(l -> counts[l]++);
        int majority = 0;
        for (int c = 1; c < counts.length; c++) {
            majority = counts[c] > counts[majority] ? c : majority;
        }
        final int most = majority;
        double majorityAccuracy = Arrays.stream(testLabels).filter(l -> l == most).count() / (double) testLabels.length;
        long start = System.nanoTime();
        CharacterNgrams ngrams = CharacterNgrams.fit(task.train().stream().map(WordLists.Word::text).toList(),
                trainLabels, languages.size(), 3);
        double ngramAccuracy = ngrams.accuracy(task.test().stream().map(WordLists.Word::text).toList(), testLabels);
        double ngramSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "baselines on the test words: majority class %.2f%%, naive Bayes on character "
                + "1-3-grams %.2f%% (%.1f s)%n", 100 * majorityAccuracy, 100 * ngramAccuracy, ngramSeconds);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("languages", String.join(",", languages));
        report.put("per_language", perLanguage);
        report.put("test_fraction", testFraction);
        report.put("seed", seed);
        report.put("train_words", task.train().size());
        report.put("test_words", task.test().size());
        report.put("alphabet", task.alphabet());
        report.put("left_out_in_several_lists", task.dropped());
        report.put("baseline_majority_accuracy", majorityAccuracy);
        report.put("baseline_char_1_3_gram_naive_bayes_accuracy", ngramAccuracy);
        return report;
    }

    /* The driver holds the words only; executors make the one-hot steps as they write. */
    private void write(SparkSession spark, WordLists.Task task, List<WordLists.Word> words, String location) {
        List<Row> plain = new ArrayList<>(words.size());
        for (WordLists.Word w : words) {
            plain.add(RowFactory.create(w.text(), task.languages().get(w.language())));
        }
        int files = Math.max(1, (words.size() + 24_999) / 25_000);
        StructType schema = new StructType().add("word", DataTypes.StringType).add("label", DataTypes.StringType)
                .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false),
                        false));
        var rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(plain, files)
                .map(new OneHot(task));
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(location);
    }

    private static final class OneHot implements Function<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final WordLists.Task task;

        OneHot(WordLists.Task task) {
            this.task = new WordLists.Task(task.languages(), List.of(), List.of(), task.alphabet(), 0);
        }

        @Override
        public Row call(Row row) {
            return RowFactory.create(row.getString(0), row.getString(1), task.oneHot(row.getString(0)));
        }
    }
}
