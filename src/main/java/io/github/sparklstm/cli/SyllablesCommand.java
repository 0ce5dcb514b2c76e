package io.github.sparklstm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.Syllables;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.ContextMajority;
import io.github.sparklstm.train.Evaluation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
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
 * {@code spark-lstm syllables --dict gcide.dict.dz --output DIR}: a sequence-labelling task, with the syllable
 * breaks and stress marks of GCIDE's headwords ({@link Syllables}; Debian's dict-gcide, not shipped here): each
 * letter one one-hot step, labelled with what follows it. Writes the tables (word string, label array&lt;string&gt;,
 * features array&lt;array&lt;float&gt;&gt;), the same split as tab-separated text for a peer, and task.json with the
 * split and the baseline of {@link ContextMajority} (each letter's ±2 letters) evaluated as the job evaluates.
 */
@Command(name = "syllables", mixinStandardHelpOptions = true,
        description = "Writes a sequence-labelling task from GCIDE's headwords (Debian's dict-gcide) as Parquet "
                + "tables: word string, label array<string> (what follows each letter: none, break, stress, "
                + "stress2), features array<array<float>> (one one-hot step per letter).")
final class SyllablesCommand implements Callable<Integer> {

    @Option(names = "--dict", required = true, description = "GCIDE's dictd text, gzip or dictzip "
            + "(dict-gcide installs /usr/share/dictd/gcide.dict.dz)")
    Path dictionary;

    @Option(names = "--output", required = true, description = "directory (any Hadoop path) for train/, test/, "
            + "train.tsv, test.tsv, task.json")
    String output;

    @Option(names = "--test-fraction", description = "of the words, for testing (default: ${DEFAULT-VALUE})")
    double testFraction = 0.2;

    @Option(names = "--seed", description = "how the words split (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    private final PrintStream out;

    SyllablesCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new ConfigException("--test-fraction=" + testFraction + ": must be between 0 and 1");
        }
        if (!Files.isRegularFile(dictionary)) {
            throw new io.github.sparklstm.data.InvalidDataException(dictionary.toString(), "no such file (install "
                    + "Debian's dict-gcide, or unpack its .deb)");
        }
        long start = System.nanoTime();
        Syllables.Task task;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(dictionary)), StandardCharsets.UTF_8))) {
            task = Syllables.read(in, testFraction, seed);
        }
        out.printf(Locale.ROOT, "syllables: %d entries, %d words kept: %d training and %d test words%n",
                task.entries(), task.kept(), task.train().size(), task.test().size());
        ObjectNode report = baseline(task);
        try (SparkSession spark = SparkSetup.start(SparkSetup.sparkConf().setAppName("spark-lstm-syllables"))) {
            HadoopStore root = HadoopStore.at(output, spark.sparkContext().hadoopConfiguration());
            if (!root.list().isEmpty() && !overwrite) {
                throw new ConfigException("--output " + root.location() + " is not empty (add --overwrite)");
            }
            write(spark, task.train(), root.location("train"));
            write(spark, task.test(), root.location("test"));
            for (String set : List.of("train", "test")) {
                byte[] text = tsv(set.equals("train") ? task.train() : task.test());
                root.writeAtomically(set + ".tsv", o -> o.write(text));
            }
            root.writeAtomically("task.json", o -> new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(o, report));
            out.printf(Locale.ROOT, "wrote %s in %.1f s; train on it with --config conf/syllables-lstm.properties "
                    + "data.train=%s/train data.test=%s/test%n", root.location(), (System.nanoTime() - start) / 1e9,
                    root.location(), root.location());
        }
        return 0;
    }

    private ObjectNode baseline(Syllables.Task task) {
        ContextMajority baseline = ContextMajority.fit(task.train().stream().map(Syllables.Word::text).toList(),
                task.train().stream().map(Syllables.Word::labels).toList(), Syllables.LABELS.size(), 2);
        Evaluation test = baseline.evaluate(task.test().stream().map(Syllables.Word::text).toList(),
                task.test().stream().map(Syllables.Word::labels).toList());
        out.printf(Locale.ROOT, "baseline (the majority label of each letter's +-2 letters, backing off) on the "
                        + "test words: %.2f%% of letters, %.2f%% of words whole, macro-F1 %.4f%n",
                100 * test.accuracy(), 100 * test.sequenceAccuracy(), test.macroF1());
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("source", "GCIDE 0.48 headwords (Debian dict-gcide), letters a-z, marks * \" `");
        report.put("labels", String.join(",", Syllables.LABELS));
        report.put("entries", task.entries());
        report.put("words", task.kept());
        report.put("test_fraction", testFraction);
        report.put("seed", seed);
        report.put("split", "the kept words shuffled with the seed; the first test_fraction of them are the test "
                + "words");
        report.put("train_words", task.train().size());
        report.put("test_words", task.test().size());
        report.put("test_letters", test.scored());
        report.put("baseline", "majority label of the letter's context of 2 letters either side, backing off to 1, "
                + "0, then the most common label");
        report.put("baseline_letter_accuracy", test.accuracy());
        report.put("baseline_word_accuracy", test.sequenceAccuracy());
        report.put("baseline_macro_f1", test.macroF1());
        return report;
    }

    /* Word, tab, the labels' indices, for a peer that reads no Parquet. */
    private static byte[] tsv(List<Syllables.Word> words) {
        StringBuilder text = new StringBuilder();
        for (Syllables.Word w : words) {
            text.append(w.text()).append('\t');
            for (int label : w.labels()) {
                text.append(label);
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /* The driver holds the words only; executors make the one-hot steps as they write. */
    private static void write(SparkSession spark, List<Syllables.Word> words, String location) {
        List<Row> plain = new ArrayList<>(words.size());
        for (Syllables.Word w : words) {
            StringBuilder labels = new StringBuilder();
            for (int label : w.labels()) {
                labels.append(label);
            }
            plain.add(RowFactory.create(w.text(), labels.toString()));
        }
        int files = Math.max(1, (words.size() + 24_999) / 25_000);
        StructType schema = new StructType().add("word", DataTypes.StringType)
                .add("label", DataTypes.createArrayType(DataTypes.StringType, false))
                .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false),
                        false));
        var rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(plain, files)
                .map(new Steps());
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(location);
    }

    private static final class Steps implements Function<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row call(Row row) {
            String word = row.getString(0);
            String digits = row.getString(1);
            String[] labels = new String[digits.length()];
            for (int t = 0; t < labels.length; t++) {
                labels[t] = Syllables.LABELS.get(digits.charAt(t) - '0');
            }
            return RowFactory.create(word, labels, Syllables.oneHot(word));
        }
    }
}
