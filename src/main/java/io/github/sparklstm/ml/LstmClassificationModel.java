package io.github.sparklstm.ml;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.distributed.scoring.FrameScorer;
import io.github.sparklstm.model.SavedModel;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A trained LSTM classifier as a Spark ML Model. {@code transform} adds {@code rawPrediction} (the logits, a
 * vector), {@code probability} (their softmax), {@code prediction} (the class number, double) and
 * {@code predictedLabel} (the class as the training labels wrote it), computed on the executors with the weights
 * broadcast once per transform. Saved, its directory holds the job's {@code model.json} and
 * {@code model.safetensors} beside Spark's {@code metadata/}, so a job's {@code runs/<run>/model} loads as a model
 * and a saved model loads into PyTorch's {@code nn.LSTM}.
 */
public final class LstmClassificationModel extends Model<LstmClassificationModel>
        implements LstmClassifierParams, MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final LstmParams params;
    private final SavedModel model;
    private final List<String> history;

    /** For Spark's reflection (load by class name); a usable model comes from fit or load. */
    public LstmClassificationModel(String uid) {
        this(uid, null, List.of());
    }

    /** As {@link #LstmClassificationModel(String)} with a fresh uid. */
    public LstmClassificationModel() {
        this(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("lstmClassifier"));
    }

    LstmClassificationModel(String uid, SavedModel model, List<String> history) {
        this.uid = uid;
        this.params = new LstmParams(this);
        this.model = model;
        this.history = List.copyOf(history);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public LstmParams lstmParams() {
        return params;
    }

    /** The trained network, its input format and its classes, as the model files hold them. */
    public SavedModel savedModel() {
        if (model == null) {
            throw new IllegalStateException("this model has no weights: get one from LstmClassifier.fit or load");
        }
        return model;
    }

    public int numClasses() {
        return savedModel().spec().classes();
    }

    /** The class labels in class order: the training strings, or the numbers 0..C-1. */
    public List<String> labels() {
        List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < numClasses(); k++) {
            names.add(savedModel().labels().name(k));
        }
        return names;
    }

    /**
     * The training history: a row per round ({@code type} "round": loss, accuracy, examples/s, learning rate),
     * per epoch ("epoch") and per evaluation ("eval"), the same records as a run's metrics.jsonl.
     */
    public Dataset<Row> history() {
        SparkSession spark = SparkSession.active();
        return spark.read().json(spark.createDataset(history, Encoders.STRING()));
    }

    List<String> historyLines() {
        return history;
    }

    /** A copy with the same weights: Spark's defaultCopy would build one from the uid alone, without them. */
    @Override
    public LstmClassificationModel copy(ParamMap extra) {
        LstmClassificationModel copy = new LstmClassificationModel(uid, model, history);
        return copyValues(copy, extra).setParent(parent());
    }

    static FrameScorer.Columns columns(LstmClassifierParams p) {
        return new FrameScorer.Columns(p.getFeaturesCol(), p.getLabelCol(), p.getRawPredictionCol(),
                p.getProbabilityCol(), p.getPredictionCol(), p.getPredictedLabelCol(), false, p.getLengthCol());
    }

    /** The input's features column checked with the job's messages; the output adds the prediction columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        try {
            return FrameScorer.outputSchema(schema, savedModel(), columns(this));
        } catch (InvalidDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        try {
            return FrameScorer.transform(dataset.toDF(), savedModel(), columns(this), getEvalBatchSize());
        } catch (InvalidDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A job's model carries no Params: those its architecture fixes are set from it. */
    LstmClassificationModel fromArchitecture() {
        set(hiddenSize(), model.spec().hiddenSize());
        set(numLayers(), model.spec().layers());
        set(peepholes(), model.spec().peepholes());
        set(bidirectional(), model.spec().bidirectional());
        set(output(), model.spec().output().name().toLowerCase(java.util.Locale.ROOT));
        set(classes(), model.spec().classes());
        if (!model.format().isImage()) {
            set(steps(), model.format().steps());
            set(inputSize(), model.format().features());
        }
        return this;
    }

    @Override
    public MLWriter write() {
        return new ModelIO.Writer(this);
    }

    public static MLReader<LstmClassificationModel> read() {
        return new ModelIO.Reader();
    }

    /** A model saved by {@link #write()}, or a job's model directory ({@code runs/<run>/model}). */
    public static LstmClassificationModel load(String path) {
        return read().load(path);
    }

    public LstmClassificationModel setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /** The column of each row's number of steps when its features are padded ("": none). */
    public LstmClassificationModel setLengthCol(String value) {
        set(lengthCol(), value);
        return this;
    }

    public LstmClassificationModel setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    public LstmClassificationModel setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    public LstmClassificationModel setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    public LstmClassificationModel setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }

    public LstmClassificationModel setPredictedLabelCol(String value) {
        set(predictedLabelCol(), value);
        return this;
    }

    public LstmClassificationModel setEvalBatchSize(int value) {
        set(evalBatchSize(), value);
        return this;
    }
}
