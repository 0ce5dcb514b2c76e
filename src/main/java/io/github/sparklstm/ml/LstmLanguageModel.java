package io.github.sparklstm.ml;

import io.github.sparklstm.distributed.scoring.TextScorer;
import io.github.sparklstm.model.SavedModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A language model the job trained ({@code data.format=text}) as a Spark ML Transformer. {@code transform} reads a
 * string column ({@code textCol}, "text") and adds, on the executors, its continuation ({@code generatedCol},
 * "generated": {@code length} symbols drawn at {@code temperature} among the {@code topK} likeliest, 0: all; a row's
 * draws are seeded by {@code seed} and its text, so the same text gets the same continuation wherever it runs) and
 * its score ({@code bitsPerSymbolCol}, "bitsPerSymbol": the mean bits of each symbol after the ones before it; NaN
 * for a text of one symbol). An empty column name leaves that output out. Loads from a job's
 * {@code runs/<run>/model}; saved, its directory holds the job's model files beside Spark's {@code metadata/}.
 */
public final class LstmLanguageModel extends Model<LstmLanguageModel> implements MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final SavedModel model;
    private final java.util.List<String> history;
    private final Param<String> textCol;
    private final Param<String> generatedCol;
    private final Param<String> bitsPerSymbolCol;
    private final IntParam length;
    private final DoubleParam temperature;
    private final IntParam topK;
    private final LongParam seed;

    /** For Spark's reflection (load by class name); a usable model comes from {@link #load}. */
    public LstmLanguageModel(String uid) {
        this(uid, null, java.util.List.of());
    }

    LstmLanguageModel(String uid, SavedModel model, java.util.List<String> history) {
        this.uid = uid;
        this.model = model;
        this.history = java.util.List.copyOf(history);
        textCol = new Param<>(this, "textCol", "input column: the text (string) to continue and score",
                v -> v != null && !v.isEmpty());
        generatedCol = new Param<>(this, "generatedCol", "output column: the continuation (string; empty: none)",
                v -> v != null);
        bitsPerSymbolCol = new Param<>(this, "bitsPerSymbolCol", "output column: the text's bits per symbol "
                + "(double; empty: none)", v -> v != null);
        length = new IntParam(this, "length", "symbols to add to each text (>= 0)", v -> (Integer) v >= 0);
        temperature = new DoubleParam(this, "temperature", "sharpens (< 1) or flattens (> 1) the model's "
                + "distribution; 0: always the likeliest symbol",
                v -> (Double) v >= 0 && !Double.isInfinite((Double) v));
        topK = new IntParam(this, "topK", "draw only among the K likeliest symbols (0: all)", v -> (Integer) v >= 0);
        seed = new LongParam(this, "seed", "seed of the draws, mixed with each row's text");
        setDefault(textCol, "text");
        setDefault(generatedCol, "generated");
        setDefault(bitsPerSymbolCol, "bitsPerSymbol");
        setDefault(length, 200);
        setDefault(temperature, 1.0);
        setDefault(topK, 0);
        setDefault(seed, 1L);
    }

    /** A job's language model ({@code runs/<run>/model}) or one saved by {@link #write()}. */
    public static LstmLanguageModel load(String path) {
        return read().load(path);
    }

    public static MLReader<LstmLanguageModel> read() {
        return new Reader();
    }

    @Override
    public String uid() {
        return uid;
    }

    public SavedModel savedModel() {
        if (model == null) {
            throw new IllegalStateException("this model has no weights: load one with LstmLanguageModel.load");
        }
        return model;
    }

    public Param<String> textCol() {
        return textCol;
    }

    public Param<String> generatedCol() {
        return generatedCol;
    }

    public Param<String> bitsPerSymbolCol() {
        return bitsPerSymbolCol;
    }

    public IntParam length() {
        return length;
    }

    public DoubleParam temperature() {
        return temperature;
    }

    public IntParam topK() {
        return topK;
    }

    public LongParam seed() {
        return seed;
    }

    public LstmLanguageModel setTextCol(String value) {
        set(textCol, value);
        return this;
    }

    public LstmLanguageModel setGeneratedCol(String value) {
        set(generatedCol, value);
        return this;
    }

    public LstmLanguageModel setBitsPerSymbolCol(String value) {
        set(bitsPerSymbolCol, value);
        return this;
    }

    public LstmLanguageModel setLength(int value) {
        set(length, value);
        return this;
    }

    public LstmLanguageModel setTemperature(double value) {
        set(temperature, value);
        return this;
    }

    public LstmLanguageModel setTopK(int value) {
        set(topK, value);
        return this;
    }

    public LstmLanguageModel setSeed(long value) {
        set(seed, value);
        return this;
    }

    private TextScorer.Columns columns() {
        return new TextScorer.Columns(getOrDefault(textCol), getOrDefault(generatedCol),
                getOrDefault(bitsPerSymbolCol), (Integer) getOrDefault(length), (Double) getOrDefault(temperature),
                (Integer) getOrDefault(topK), (Long) getOrDefault(seed));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return TextScorer.outputSchema(schema, columns());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return TextScorer.transform(dataset.toDF(), savedModel(), columns());
    }

    @Override
    public LstmLanguageModel copy(ParamMap extra) {
        return copyValues(new LstmLanguageModel(uid, model, history), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelIO.saveFiles(LstmLanguageModel.this, path, sc(), savedModel(), history);
            }
        };
    }

    private static final class Reader extends MLReader<LstmLanguageModel> {
        @Override
        public LstmLanguageModel load(String path) {
            ModelIO.Files files = ModelIO.readFiles(path, sc());
            if (!files.model().format().isText()) {
                throw new IllegalArgumentException(path + ": not a language model (one trained on "
                        + "data.format=text); load it with LstmClassificationModel");
            }
            if (!files.hasMetadata()) {
                return new LstmLanguageModel(Identifiable$.MODULE$.randomUID("lstmLanguageModel"), files.model(),
                        files.history());
            }
            var metadata = DefaultParamsReader.loadMetadata(path, sc(), LstmLanguageModel.class.getName());
            LstmLanguageModel loaded = new LstmLanguageModel(metadata.uid(), files.model(), files.history());
            metadata.getAndSetParams(loaded, Option.empty());
            return loaded;
        }
    }
}
