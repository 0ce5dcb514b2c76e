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
import io.github.sparklstm.distributed.training.RunSettings;
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
        implements LstmClassifierSetters, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LstmClassifier.class);

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
            int partitions = getNumWorkers() > 0 ? getNumWorkers() : sc.defaultParallelism();
            if (partitions > plan.trainCount()) {
                throw new IllegalArgumentException("numWorkers=" + partitions + ": more partitions than the "
                        + plan.trainCount() + " training rows");
            }
            try (CachedData data = plan.load(partitions)) {
                RunSettings settings = RunSettings.of(config, partitions);
                settings.smallRunWarning(settings.batchesPerEpoch(data.train().sizes()))
                        .ifPresent(warning -> LOG.warn("fit: " + warning));
                ModelSpec spec = settings.architecture().spec(data.format().features(), data.labels().count());
                FitHistory history = new FitHistory();
                Checkpoints checkpoints = getCheckpointDir().isEmpty() ? null : new Checkpoints(HadoopStore.at(
                        getCheckpointDir(), sc.hadoopConfiguration()).resolve(fitIdentity(config, plan)),
                        getCheckpointKeep());
                Checkpoint resumeFrom = resumable(checkpoints, config);
                DistributedTrainer.Result result = new DistributedTrainer(sc, settings, history).run(spec, data,
                        checkpoints, resumeFrom, config.toProperties(), "");
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
        String text = config.digest() + "\n" + plan.trainFingerprint().toText();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        List<String> differences = checkpoints.differences(latest.get(), config, false);
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
}
