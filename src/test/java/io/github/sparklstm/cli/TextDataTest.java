package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.run.Failures;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text files as a language model's data (data.format=text): two files, one gzipped, read by the executors, cut
 * into characters, numbered by a vocabulary counted from the training part, windows of next-character steps; the
 * held-out ends give bits per character well below what character frequencies give, the same bits again on a
 * rerun; the model file keeps the vocabulary and the embedding. Bad text is refused naming the file.
 */
class TextDataTest {

    @TempDir
    static Path dir;
    private static Path corpus;

    private static String words(long seed, int length) {
        List<String> words = List.of("lstm", "spark", "stream", "state", "step", "steps");
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(8) == 0 ? "\n" : " ");
        }
        return text.toString();
    }

    @BeforeAll
    static void corpus() throws Exception {
        corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("a.txt"), words(1, 20_000));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(corpus.resolve("b.txt.gz")))) {
            out.write(words(2, 20_000).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> settings(Path run, String train, String... more) {
        List<String> args = new ArrayList<>(List.of("data.format=text", "data.train=" + train,
                "data.text.window=40", "model.output=steps", "model.embedding=8", "model.hidden=32",
                "train.epochs=4", "train.batchSize=16", "train.workers=2", "train.averagingFrequency=4",
                "train.learningRate=0.01", "log.progress=epoch", "output=" + run));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aCharacterModelLearnsFromTextFilesAndKeepsItsVocabulary() throws Exception {
        Path run = dir.resolve("run");
        JobHarness.Outcome outcome = JobHarness.run(settings(run, corpus + "/*"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        double bits = summary.path("test_bits_per_step").asDouble();
        System.out.printf("TEXT held-out %.3f bits/char, perplexity %.2f, %d test characters%n", bits,
                summary.path("test_perplexity").asDouble(), summary.path("test_steps").asLong());
        // Character frequencies alone give about 3.2 bits here, the words' own choice about 0.5.
        assertTrue(bits < 1.0, summary.toString());
        // 10% of each file's end: about 4,000 characters, each predicting the next.
        assertTrue(summary.path("test_steps").asLong() > 3_500 && summary.path("test_steps").asLong() < 4_100,
                summary.toString());

        // Bits per character in every evaluation record, the progress line, and a gate on them.
        JsonNode lastEval = null;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode m = new ObjectMapper().readTree(line);
            lastEval = "eval".equals(m.path("type").asText()) ? m : lastEval;
        }
        assertEquals(bits, lastEval.path("test_bits_per_step").asDouble(), 1e-12, lastEval.toString());
        assertTrue(outcome.out().contains(String.format(java.util.Locale.ROOT, "(%.3f bits/step)", bits)),
                outcome.out());
        JobHarness.Outcome gated = JobHarness.run(settings(run, corpus + "/*", "resume=auto",
                "gate.maxTestBitsPerStep=0.05"));
        assertEquals(Failures.EXIT_GATE, gated.exitCode(), gated.err() + gated.out());
        String misses = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("gate").path("misses")
                .toString();
        assertTrue(misses.contains("test bits per step") && misses.contains("> gate.maxTestBitsPerStep 0.05"), misses);
        assertEquals(0, JobHarness.run(settings(run, corpus + "/*", "resume=auto")).exitCode());

        SavedModel model = ModelFiles.read(run.resolve("model"));
        List<String> names = model.labels().names();
        assertTrue(names.contains("<unk>") && names.contains("\n") && names.contains(" "), names.toString());
        assertEquals(new ModelSpec(names.size(), 32, 1, false, names.size(), false, ModelSpec.Output.STEPS, 8),
                model.spec());
        String json = Files.readString(run.resolve("model/model.json"));
        assertTrue(json.contains("\"embedding\" : 8") && json.contains("\"embedding.weight\""), json);

        // The model writes its words: greedy after "a spa" comes "rk"; draws at a temperature repeat for a seed.
        String modelDir = run.resolve("model").toString();
        JobHarness.Outcome greedy = JobHarness.run(List.of("generate", "--model", modelDir, "--prompt", "a spa",
                "--length", "3", "--temperature", "0"));
        assertEquals(0, greedy.exitCode(), greedy.err());
        assertEquals("a spark ", greedy.out().replace("\r", "").split("\n", -1)[0]);
        List<String> drawn = new ArrayList<>();
        for (String seed : List.of("5", "5", "6")) {
            JobHarness.Outcome sampled = JobHarness.run(List.of("generate", "--model", modelDir, "--prompt",
                    "\u00e9 st", "--length", "60", "--temperature", "0.8", "--top-k", "5", "--seed", seed));
            assertEquals(0, sampled.exitCode(), sampled.err());
            assertTrue(sampled.err().contains("\"\u00e9\"] are not in the model's vocabulary"), sampled.err());
            drawn.add(sampled.out());
        }
        System.out.println("TEXT sampled at 0.8, top 5: " + drawn.get(0).trim().replace("\n", "\\n"));
        assertEquals(drawn.get(0), drawn.get(1));
        assertFalse(drawn.get(0).equals(drawn.get(2)), "another seed, another text");
        // Scoring: a text's bits per symbol and each symbol's log-probability, from a file too.
        Path scored = dir.resolve("scored.txt");
        Files.writeString(scored, "a spark state step");
        JobHarness.Outcome scores = JobHarness.run(List.of("generate", "--model", modelDir, "--prompt-file",
                scored.toString(), "--score"));
        assertEquals(0, scores.exitCode(), scores.err());
        JsonNode score = new ObjectMapper().readTree(scores.out());
        assertEquals(17, score.path("log_probabilities").size(), score.toString());
        double nats = 0;
        for (JsonNode l : score.path("log_probabilities")) {
            nats -= l.asDouble();
        }
        assertEquals(nats / 17 / Math.log(2), score.path("bits_per_symbol").asDouble(), 1e-9);
        assertTrue(score.path("bits_per_symbol").asDouble() < 2, score.toString());
        JobHarness.Outcome both = JobHarness.run(List.of("generate", "--model", modelDir, "--prompt", "a",
                "--prompt-file", scored.toString()));
        assertEquals(Failures.EXIT_CONFIG, both.exitCode(), both.err());
        JobHarness.Outcome notText = JobHarness.run(List.of("generate", "--model", modelDir, "--prompt", "x",
                "--temperature", "-1"));
        assertEquals(Failures.EXIT_CONFIG, notText.exitCode(), notText.err());

        // A saved text model is evaluated on other text in windows of its own length.
        JobHarness.Outcome evaluated = JobHarness.run(List.of("evaluate", "--model", modelDir, "data.format=text",
                "data.test=" + corpus.resolve("a.txt")));
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        JsonNode whole = new ObjectMapper().readTree(evaluated.out());
        assertTrue(whole.path("test_steps").asLong() > 19_000 && whole.path("test_bits_per_step").asDouble() < 1.0,
                whole.toString());

        Path again = dir.resolve("again");
        assertEquals(0, JobHarness.run(settings(again, corpus + "/*")).exitCode());
        assertEquals(JobHarness.modelDigest(run), JobHarness.modelDigest(again), "the same text, the same bits");
    }

    /* Words: a vocabulary past the confusion matrix's limit is scored by per-class counts alone. */
    @Test
    void aWordModelWithALargeVocabularyTrainsWithoutAConfusionMatrix() throws Exception {
        Path words = dir.resolve("words.txt");
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 30_000; k++) {
            // Zipf-like: low numbers are common, so the test part's words are mostly known.
            text.append("w").append((int) Math.floor(Math.pow(1_500, random.nextDouble()))).append(k % 12 == 11
                    ? ".\n" : " ");
        }
        Files.writeString(words, text);
        Path run = dir.resolve("words");
        JobHarness.Outcome outcome = JobHarness.run(settings(run, words.toString(), "data.text.unit=word",
                "data.text.window=20", "model.hidden=16", "train.epochs=1"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        int vocabulary = ModelFiles.read(run.resolve("model")).labels().names().size();
        assertTrue(vocabulary > io.github.sparklstm.train.Evaluation.MATRIX_LIMIT, "vocabulary " + vocabulary);
        assertTrue(summary.path("test_bits_per_step").asDouble() < Math.log(vocabulary) / Math.log(2),
                summary.toString());
        assertFalse(summary.has("confusion_matrix") || summary.has("per_class"), summary.fieldNames().toString());
    }

    @Test
    void badTextIsRefusedNamingTheFile() throws Exception {
        Path run = dir.resolve("never");
        Path latin1 = dir.resolve("latin1");
        Files.createDirectories(latin1);
        Files.writeString(latin1.resolve("ok.txt"), words(3, 2_000));
        Files.write(latin1.resolve("bad.txt"), "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
        JobHarness.Outcome bad = JobHarness.run(settings(run, latin1 + "/*"));
        assertEquals(Failures.EXIT_DATA, bad.exitCode(), bad.err());
        assertTrue(bad.error().contains("bad.txt") && bad.error().contains("is not UTF-8 text: byte 3 (line 1)"),
                bad.err());

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        JobHarness.Outcome nothing = JobHarness.run(settings(run, empty.toString()));
        assertEquals(Failures.EXIT_DATA, nothing.exitCode(), nothing.err());
        assertTrue(nothing.error().contains("empty.txt") && nothing.error().contains("holds no text"),
                nothing.err());

        Path one = dir.resolve("one.txt");
        Files.writeString(one, "a".repeat(500));
        JobHarness.Outcome single = JobHarness.run(settings(run, one.toString()));
        assertEquals(Failures.EXIT_DATA, single.exitCode(), single.err());
        assertTrue(single.error().contains("a vocabulary of 1 symbol (a)"), single.err());

        // A text of fewer windows than partitions: some partition would hold no text.
        Path shortText = dir.resolve("short.txt");
        Files.writeString(shortText, words(3, 250));
        JobHarness.Outcome windows = JobHarness.run(settings(run, shortText.toString(), "data.text.window=100",
                "train.workers=4"));
        assertEquals(Failures.EXIT_CONFIG, windows.exitCode(), windows.err());
        assertTrue(windows.error().contains("train.workers=4: more partitions than the 3 training examples"),
                windows.err());

        JobHarness.Outcome noEmbedding = JobHarness.run(settings(run, one.toString(), "model.embedding=0"));
        assertEquals(Failures.EXIT_CONFIG, noEmbedding.exitCode(), noEmbedding.err());
        assertTrue(noEmbedding.error().contains("data.format=text trains a next-symbol model"), noEmbedding.err());
        assertFalse(Files.exists(run.resolve("summary.json")));
    }

    /*
     * Blocks "x--x\n" (x a coin flip between a and b) in windows of four: the closing letter repeats one three steps
     * back, in another window for three blocks in four (NextSymbolTrainingTest says why). On two workers each holds a
     * contiguous half of the text, trained as streams whose state carries from window to window within a round, and
     * the test text is read the same way: the closing letters become predictable, and the bits repeat.
     */
    @Test
    void carriedStateReachesPastTheWindowOnTheCluster() throws Exception {
        Path blocks = dir.resolve("blocks");
        Files.createDirectories(blocks);
        SplittableRandom random = new SplittableRandom(4);
        for (String name : List.of("a.txt", "b.txt")) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 6_000) {
                char c = random.nextBoolean() ? 'a' : 'b';
                text.append(c).append("--").append(c).append('\n');
            }
            Files.writeString(blocks.resolve(name), text);
        }
        double[] bits = new double[2];
        for (int carry = 0; carry < 2; carry++) {
            Path run = dir.resolve("blocks-" + carry);
            JobHarness.Outcome outcome = JobHarness.run(settings(run, blocks + "/*", "data.text.window=4",
                    "model.hidden=16", "train.batchSize=8", "train.averagingFrequency=16", "train.carryState="
                    + (carry == 1)));
            assertEquals(0, outcome.exitCode(), outcome.err());
            bits[carry] = new ObjectMapper().readTree(run.resolve("summary.json").toFile())
                    .path("test_bits_per_step").asDouble();
        }
        System.out.printf("TEXT blocks x--x on 2 workers: reset every window %.3f bits/char, carried %.3f%n",
                bits[0], bits[1]);
        assertTrue(bits[0] > 0.3 && bits[1] < 0.27, bits[0] + " reset, " + bits[1] + " carried");
        // The state lives within a task's round: a retried task, and a run resumed mid-epoch, give the same bits.
        String[] carried = {"data.text.window=4", "model.hidden=16", "train.batchSize=8",
            "train.averagingFrequency=16", "train.carryState=true", "checkpoint.every=4"};
        String reference = JobHarness.modelDigest(dir.resolve("blocks-1"));
        Path retried = dir.resolve("blocks-retried");
        assertEquals(0, JobHarness.run(Map.of("spark.master", "local[2,4]",
                "spark.sparklstm.test.failFirstAttemptAtRound", "3"), settings(retried, blocks + "/*", carried))
                .exitCode());
        assertEquals(reference, JobHarness.modelDigest(retried));
        Path crashed = dir.resolve("blocks-crashed");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "10"),
                settings(crashed, blocks + "/*", carried)).exitCode());
        List<String> resume = new ArrayList<>(settings(crashed, blocks + "/*", carried));
        resume.add("--resume");
        JobHarness.Outcome resumed = JobHarness.run(resume);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("from round 8 (epoch 1"), resumed.out());
        assertEquals(reference, JobHarness.modelDigest(crashed));

        JobHarness.Outcome holes = JobHarness.run(settings(dir.resolve("no"), blocks + "/*", "train.carryState=true",
                "data.validationFraction=0.1"));
        assertEquals(Failures.EXIT_CONFIG, holes.exitCode(), holes.err());
        assertTrue(holes.error().contains("name validation text of its own in data.validation"), holes.err());
        JobHarness.Outcome images = JobHarness.run(List.of("train.carryState=true", "output=" + dir.resolve("no")));
        assertEquals(Failures.EXIT_CONFIG, images.exitCode(), images.err());
        assertTrue(images.error().contains("train.carryState=true carries state from one window of a text"),
                images.err());
    }
}
