package io.github.sparklstm.ml;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.scoring.FrameScorer;
import io.github.sparklstm.distributed.training.Checkpoint;
import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.distributed.training.DistributedTrainer;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.util.Identifiable$;

/**
 * An LSTM sequence classifier as a Spark ML Estimator: {@code fit} trains on a DataFrame whose features column
 * holds sequences (as the job's tables: an array of steps of numbers; a flat array or ML vector with
 * {@code steps}/{@code inputSize}; numeric columns gathered by a list or pattern) and whose label column holds
 * integers 0..C-1 or strings, with the job's distributed trainer and engine; the training Params are the job's
 * settings, with the job's defaults. {@code fit} may run from several threads at once (CrossValidator's
 * parallelism): each call has its own data, broadcasts and replicas.
 */
public final class LstmClassifier extends Estimator<LstmClassificationModel>
        implements LstmClassifierParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    /** Settings a resumed fit may change: where and how it reports, not what it computes. */
    private static final List<String> FREE_ON_RESUME = List.of("checkpoint.every", "checkpoint.keep",
            "eval.batchSize", "data.storageLevel", "train.stopAfterEpochs");

    private final String uid;
    private final LstmParams params;

    public LstmClassifier() {
        this(Identifiable$.MODULE$.randomUID("lstmClassifier"));
    }

    public LstmClassifier(String uid) {
        this.uid = uid;
        this.params = new LstmParams(this); // after the uid: a Param records its parent's uid
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public LstmParams lstmParams() {
        return params;
    }

    @Override
    public LstmClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The input's columns checked with the job's messages; the output adds the prediction columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        Config config = params.toConfig();
        try {
            return FrameScorer.fitSchema(schema, DataSettings.of(config), LstmClassificationModel.columns(this));
        } catch (InvalidDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public LstmClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Config config = params.toConfig();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        try {
            DataCatalog plan = DataCatalog.ofFrame(dataset.sparkSession(), DataSettings.of(config), dataset.toDF(),
                    "the training DataFrame");
            int workers = getNumWorkers() > 0 ? getNumWorkers() : sc.defaultParallelism();
            if (workers > plan.trainCount()) {
                throw new IllegalArgumentException("numWorkers=" + workers + ": more partitions than the "
                        + plan.trainCount() + " training rows");
            }
            try (CachedData data = plan.load(workers)) {
                ModelSpec spec = new ModelSpec(data.format().features(), getHiddenSize(), getNumLayers(),
                        getPeepholes(), data.labels().count());
                FitHistory history = new FitHistory();
                Checkpoints checkpoints = getCheckpointDir().isEmpty() ? null : new Checkpoints(HadoopStore.at(
                        getCheckpointDir(), sc.hadoopConfiguration()).resolve(fitIdentity(config, plan)),
                        getCheckpointKeep());
                Checkpoint resumeFrom = resumable(checkpoints, config);
                DistributedTrainer.Result result = new DistributedTrainer(sc, DistributedTrainer.Settings.of(config,
                        workers), history).run(spec, data, checkpoints, resumeFrom, config.toProperties(), "");
                SavedModel model = new SavedModel(spec, data.format(), data.labels(), result.parameters());
                LstmClassificationModel fitted = new LstmClassificationModel(uid, model, history.lines());
                copyValues(fitted, ParamMap.empty());
                return fitted.setParent(this);
            }
        } catch (InvalidDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The subdirectory of checkpointDir for this fit: a digest of the settings that decide the result and of the
     * data (rows and a hash per partition), so the folds of a CrossValidator, or fits at once, keep apart, and
     * the same fit again finds its checkpoints.
     */
    private static String fitIdentity(Config config, DataCatalog plan) {
        StringBuilder text = new StringBuilder();
        config.values().forEach((key, value) -> {
            if (!FREE_ON_RESUME.contains(key)) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        text.append(plan.trainFingerprint().toText());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "fit-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /* The newest checkpoint of this fit's directory; one of other settings would be a digest collision. */
    private static Checkpoint resumable(Checkpoints checkpoints, Config config) throws IOException {
        if (checkpoints == null) {
            return null;
        }
        Optional<Checkpoint> latest = checkpoints.latestGood(warning -> { });
        if (latest.isEmpty()) {
            return null;
        }
        List<String> differences = config.differencesFrom(Config.fromProperties(latest.get().config(),
                checkpoints.location()), FREE_ON_RESUME);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(checkpoints.location() + " holds the checkpoint of another fit ("
                    + String.join(", ", differences) + "); use another checkpointDir");
        }
        return latest.get();
    }

    public static MLReader<LstmClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static LstmClassifier load(String path) {
        return read().load(path);
    }

    public LstmClassifier setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    public LstmClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    public LstmClassifier setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    public LstmClassifier setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    public LstmClassifier setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }

    public LstmClassifier setPredictedLabelCol(String value) {
        set(predictedLabelCol(), value);
        return this;
    }

    public LstmClassifier setHiddenSize(int value) {
        set(hiddenSize(), value);
        return this;
    }

    public LstmClassifier setNumLayers(int value) {
        set(numLayers(), value);
        return this;
    }

    public LstmClassifier setPeepholes(boolean value) {
        set(peepholes(), value);
        return this;
    }

    public LstmClassifier setClasses(int value) {
        set(classes(), value);
        return this;
    }

    public LstmClassifier setEpochs(int value) {
        set(epochs(), value);
        return this;
    }

    public LstmClassifier setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    public LstmClassifier setNumWorkers(int value) {
        set(numWorkers(), value);
        return this;
    }

    public LstmClassifier setAveragingFrequency(int value) {
        set(averagingFrequency(), value);
        return this;
    }

    public LstmClassifier setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    public LstmClassifier setLearningRate(double value) {
        set(learningRate(), value);
        return this;
    }

    public LstmClassifier setMomentum(double value) {
        set(momentum(), value);
        return this;
    }

    public LstmClassifier setBeta1(double value) {
        set(beta1(), value);
        return this;
    }

    public LstmClassifier setBeta2(double value) {
        set(beta2(), value);
        return this;
    }

    public LstmClassifier setEpsilon(double value) {
        set(epsilon(), value);
        return this;
    }

    public LstmClassifier setRmsDecay(double value) {
        set(rmsDecay(), value);
        return this;
    }

    public LstmClassifier setSchedule(String value) {
        set(schedule(), value);
        return this;
    }

    public LstmClassifier setWarmupSteps(long value) {
        set(warmupSteps(), value);
        return this;
    }

    public LstmClassifier setDecaySteps(long value) {
        set(decaySteps(), value);
        return this;
    }

    public LstmClassifier setDecayFactor(double value) {
        set(decayFactor(), value);
        return this;
    }

    public LstmClassifier setMinLearningRate(double value) {
        set(minLearningRate(), value);
        return this;
    }

    public LstmClassifier setClipNorm(double value) {
        set(clipNorm(), value);
        return this;
    }

    public LstmClassifier setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public LstmClassifier setDivergenceLoss(double value) {
        set(divergenceLoss(), value);
        return this;
    }

    public LstmClassifier setDivergenceRetries(int value) {
        set(divergenceRetries(), value);
        return this;
    }

    public LstmClassifier setDivergenceLearningRateFactor(double value) {
        set(divergenceLearningRateFactor(), value);
        return this;
    }

    public LstmClassifier setAveragingMethod(String value) {
        set(averagingMethod(), value);
        return this;
    }

    public LstmClassifier setOptimizerState(String value) {
        set(optimizerState(), value);
        return this;
    }

    public LstmClassifier setRoundExchange(String value) {
        set(roundExchange(), value);
        return this;
    }

    public LstmClassifier setBlockMomentum(double value) {
        set(blockMomentum(), value);
        return this;
    }

    public LstmClassifier setBlockLearningRate(double value) {
        set(blockLearningRate(), value);
        return this;
    }

    public LstmClassifier setServerLearningRate(double value) {
        set(serverLearningRate(), value);
        return this;
    }

    public LstmClassifier setServerBeta1(double value) {
        set(serverBeta1(), value);
        return this;
    }

    public LstmClassifier setServerBeta2(double value) {
        set(serverBeta2(), value);
        return this;
    }

    public LstmClassifier setServerEpsilon(double value) {
        set(serverEpsilon(), value);
        return this;
    }

    public LstmClassifier setAveragingExamples(int value) {
        set(averagingExamples(), value);
        return this;
    }

    public LstmClassifier setGlobalBatchLimit(int value) {
        set(globalBatchLimit(), value);
        return this;
    }

    public LstmClassifier setLearningRateScaling(String value) {
        set(learningRateScaling(), value);
        return this;
    }

    public LstmClassifier setScalingWarmupEpochs(double value) {
        set(scalingWarmupEpochs(), value);
        return this;
    }

    public LstmClassifier setEarlyAveragingFrequency(int value) {
        set(earlyAveragingFrequency(), value);
        return this;
    }

    public LstmClassifier setEarlyAveragingEpochs(double value) {
        set(earlyAveragingEpochs(), value);
        return this;
    }

    public LstmClassifier setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return this;
    }

    public LstmClassifier setCheckpointEvery(int value) {
        set(checkpointEvery(), value);
        return this;
    }

    public LstmClassifier setCheckpointKeep(int value) {
        set(checkpointKeep(), value);
        return this;
    }

    public LstmClassifier setSteps(int value) {
        set(steps(), value);
        return this;
    }

    public LstmClassifier setInputSize(int value) {
        set(inputSize(), value);
        return this;
    }

    /** A column of integers: each row's number of steps, its features past them being padding ("": none). */
    public LstmClassifier setLengthCol(String value) {
        set(lengthCol(), value);
        return this;
    }

    /** The longest sequence fit accepts (0: any); see {@link #setLonger}. */
    public LstmClassifier setMaxSteps(int value) {
        set(maxSteps(), value);
        return this;
    }

    /** What fit does with a sequence longer than maxSteps: "refuse" (fails naming the row) or "cut". */
    public LstmClassifier setLonger(String value) {
        set(longer(), value);
        return this;
    }

    public LstmClassifier setNormalize(String value) {
        set(normalize(), value);
        return this;
    }

    public LstmClassifier setStorageLevel(String value) {
        set(storageLevel(), value);
        return this;
    }

    public LstmClassifier setEvalBatchSize(int value) {
        set(evalBatchSize(), value);
        return this;
    }

    public LstmClassifier setValidationFraction(double value) {
        set(validationFraction(), value);
        return this;
    }

    public LstmClassifier setValidationSeed(long value) {
        set(validationSeed(), value);
        return this;
    }

    public LstmClassifier setKeep(String value) {
        set(keep(), value);
        return this;
    }

    public LstmClassifier setSelectBy(String value) {
        set(selectBy(), value);
        return this;
    }

    public LstmClassifier setEarlyStoppingPatience(int value) {
        set(earlyStoppingPatience(), value);
        return this;
    }

    public LstmClassifier setValidationEvery(int value) {
        set(validationEvery(), value);
        return this;
    }

    public LstmClassifier setStopAfterEpochs(int value) {
        set(stopAfterEpochs(), value);
        return this;
    }
}
