package io.github.sparklstm.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.model.ModelFiles;
import io.github.sparklstm.train.Generation;
import io.github.sparklstm.data.TextSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's language model as a Spark ML Transformer: a text column in, its continuation and its bits per symbol out,
 * computed on the executors as the generate subcommand computes them; saved and loaded with its Params.
 */
class LanguageModelTransformTest {

    @TempDir
    static Path dir;
    private static Path modelDir;
    private static SparkSession spark;

    @BeforeAll
    static void trainATextModel() throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        List<String> words = List.of("lstm", "spark", "stream", "state", "step");
        SplittableRandom random = new SplittableRandom(2);
        StringBuilder text = new StringBuilder();
        while (text.length() < 15_000) {
            text.append(words.get(random.nextInt(words.size()))).append(' ');
        }
        Files.writeString(corpus, text);
        Path run = dir.resolve("run");
        int code = io.github.sparklstm.cli.Main.run(new String[] {"data.format=text", "data.train=" + corpus,
            "data.text.window=32", "model.output=steps", "model.embedding=8", "model.hidden=32", "train.epochs=4",
            "train.batchSize=16", "train.workers=2", "train.learningRate=0.01", "log.progress=none",
            "output=" + run}, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err);
        assertEquals(0, code);
        modelDir = run.resolve("model");
        spark = MlTestData.spark(); // after the job, which stops the context it ran in
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void continuesAndScoresEachRowAsTheGenerateCommandDoes() throws Exception {
        LstmLanguageModel model = LstmLanguageModel.load(modelDir.toString()).setLength(3).setTemperature(0);
        Dataset<Row> texts = spark.createDataset(List.of("a spa", "the st", "x"), Encoders.STRING()).toDF("text")
                .repartition(2);
        List<Row> rows = model.transform(texts).orderBy("text").collectAsList();
        assertEquals(List.of("text", "generated", "bitsPerSymbol"), List.of(rows.get(0).schema().fieldNames()));
        var saved = ModelFiles.read(modelDir);
        TextSymbols vocabulary = TextSymbols.listed(saved.labels().names());
        int[] greedy = Generation.continuation(saved.spec(), saved.format().steps(), saved.parameters(),
                vocabulary.encode(TextSymbols.Unit.CHAR.split("a spa")), new Generation.Settings(3, 0, 0, 1));
        StringBuilder expected = new StringBuilder();
        for (int n : greedy) {
            expected.append(vocabulary.symbol(n));
        }
        assertEquals(expected.toString(), rows.get(0).getString(1), rows.toString());

        int[] symbols = vocabulary.encode(TextSymbols.Unit.CHAR.split("the st"));
        double[] logs = Generation.logProbabilities(saved.spec(), saved.format().steps(), saved.parameters(),
                symbols);
        double nats = 0;
        for (double l : logs) {
            nats -= l;
        }
        assertEquals(nats / logs.length / Math.log(2), rows.get(1).getDouble(2), 1e-12);
        assertTrue(Double.isNaN(rows.get(2).getDouble(2)), "one symbol has nothing scored");

        // Drawn at a temperature: the same text, the same continuation, on any partition; another seed, another one.
        LstmLanguageModel drawing = LstmLanguageModel.load(modelDir.toString()).setLength(40).setTemperature(1.0)
                .setBitsPerSymbolCol("");
        Dataset<Row> same = spark.createDataset(List.of("a st", "a st", "a st"), Encoders.STRING()).toDF("text")
                .repartition(3);
        List<String> drawn = drawing.transform(same).collectAsList().stream().map(r -> r.getString(1)).toList();
        assertEquals(1, drawn.stream().distinct().count(), drawn.toString());
        String other = drawing.setSeed(7).transform(same.limit(1)).collectAsList().get(0).getString(1);
        assertNotEquals(drawn.get(0), other);

        Path savedTo = dir.resolve("saved");
        drawing.write().save(savedTo.toString());
        LstmLanguageModel loaded = LstmLanguageModel.load(savedTo.toString());
        assertEquals(7L, loaded.getOrDefault(loaded.seed()));
        assertEquals(List.of("text", "generated"), List.of(loaded.transformSchema(same.schema()).fieldNames()));
        assertEquals(other, loaded.transform(same.limit(1)).collectAsList().get(0).getString(1));

        // Two models chained in one stage score with their own weights, not whichever a thread loaded last.
        float[] halved = saved.parameters().clone();
        for (int k = 0; k < halved.length; k++) {
            halved[k] *= 0.5f;
        }
        LstmLanguageModel half = new LstmLanguageModel("halved", new io.github.sparklstm.model.SavedModel(
                saved.spec(), saved.format(), saved.labels(), halved), List.of()).setGeneratedCol("").setBitsPerSymbolCol("b2");
        Row chained = half.transform(model.setGeneratedCol("").transform(texts)).orderBy("text")
                .collectAsList().get(1);
        assertEquals(rows.get(1).getDouble(2), chained.getDouble(1), 1e-12);
        double halvedBits = half.transform(texts.select("text")).orderBy("text").collectAsList().get(1).getDouble(1);
        assertEquals(halvedBits, chained.getDouble(2), 1e-12);
        assertNotEquals(chained.getDouble(1), chained.getDouble(2));
        model.setGeneratedCol("generated");

        Dataset<Row> numbers = spark.createDataset(List.of(1, 2), Encoders.INT()).toDF("text");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.transform(numbers));
        assertTrue(e.getMessage().contains("textCol text: a string column is needed, found int"), e.getMessage());
        Dataset<Row> withNull = spark.sql("select cast(null as string) as text");
        assertNull(model.transform(withNull).collectAsList().get(0).get(1));
    }
}
