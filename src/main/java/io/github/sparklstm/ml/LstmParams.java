package io.github.sparklstm.ml;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the classifier and its model, made for one owner (Spark finds them through the owner's public
 * accessors, see {@link LstmClassifierParams}). Each training Param stands for a key of the job's configuration:
 * its default, its allowed values and its doc are that key's, and {@link #toConfig} turns the Params into the
 * job's validated configuration, so the Estimator and the command line train through one set of settings.
 */
public final class LstmParams implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Params owner;
    /** Param name -> job key, for the Params that are job settings. */
    private final Map<String, String> keys = new LinkedHashMap<>();

    final IntParam hiddenSize;
    final IntParam numLayers;
    final BooleanParam peepholes;
    final IntParam classes;
    final IntParam epochs;
    final IntParam batchSize;
    final IntParam globalBatchLimit;
    final IntParam numWorkers;
    final IntParam averagingFrequency;
    final IntParam averagingExamples;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final DoubleParam momentum;
    final DoubleParam beta1;
    final DoubleParam beta2;
    final DoubleParam epsilon;
    final DoubleParam rmsDecay;
    final Param<String> schedule;
    final LongParam warmupSteps;
    final LongParam decaySteps;
    final DoubleParam decayFactor;
    final DoubleParam minLearningRate;
    final DoubleParam clipNorm;
    final LongParam seed;
    final DoubleParam divergenceLoss;
    final IntParam divergenceRetries;
    final DoubleParam divergenceLearningRateFactor;
    final Param<String> averagingMethod;
    final Param<String> optimizerState;
    final Param<String> roundExchange;
    final DoubleParam blockMomentum;
    final DoubleParam blockLearningRate;
    final DoubleParam serverLearningRate;
    final DoubleParam serverBeta1;
    final DoubleParam serverBeta2;
    final DoubleParam serverEpsilon;
    final Param<String> learningRateScaling;
    final DoubleParam scalingWarmupEpochs;
    final IntParam earlyAveragingFrequency;
    final DoubleParam earlyAveragingEpochs;
    final IntParam checkpointEvery;
    final IntParam checkpointKeep;
    final IntParam steps;
    final IntParam inputSize;
    final IntParam maxSteps;
    final Param<String> longer;
    final Param<String> normalize;
    final Param<String> storageLevel;
    final IntParam evalBatchSize;
    final DoubleParam validationFraction;
    final LongParam validationSeed;
    final Param<String> keep;
    final Param<String> selectBy;
    final IntParam earlyStoppingPatience;
    final IntParam validationEvery;
    final IntParam stopAfterEpochs;
    final Param<String> featuresCol;
    final Param<String> labelCol;
    final Param<String> lengthCol;
    final Param<String> checkpointDir;
    final Param<String> rawPredictionCol;
    final Param<String> probabilityCol;
    final Param<String> predictionCol;
    final Param<String> predictedLabelCol;

    LstmParams(Params owner) {
        this.owner = owner;
        hiddenSize = ints("hiddenSize", "model.hidden");
        numLayers = ints("numLayers", "model.layers");
        peepholes = flag("peepholes", "model.peepholes");
        classes = ints("classes", "model.classes");
        epochs = ints("epochs", "train.epochs");
        batchSize = ints("batchSize", "train.batchSize");
        globalBatchLimit = ints("globalBatchLimit", "train.globalBatchLimit");
        numWorkers = ints("numWorkers", "train.workers");
        averagingFrequency = ints("averagingFrequency", "train.averagingFrequency");
        averagingExamples = ints("averagingExamples", "train.averagingExamples");
        optimizer = text("optimizer", "train.optimizer");
        learningRate = real("learningRate", "train.learningRate");
        momentum = real("momentum", "train.momentum");
        beta1 = real("beta1", "train.beta1");
        beta2 = real("beta2", "train.beta2");
        epsilon = real("epsilon", "train.epsilon");
        rmsDecay = real("rmsDecay", "train.rmsDecay");
        schedule = text("schedule", "train.schedule");
        warmupSteps = longs("warmupSteps", "train.warmupSteps");
        decaySteps = longs("decaySteps", "train.decaySteps");
        decayFactor = real("decayFactor", "train.decayFactor");
        minLearningRate = real("minLearningRate", "train.minLearningRate");
        clipNorm = real("clipNorm", "train.clipNorm");
        seed = longs("seed", "train.seed");
        divergenceLoss = real("divergenceLoss", "train.divergenceLoss");
        divergenceRetries = ints("divergenceRetries", "train.divergenceRetries");
        divergenceLearningRateFactor = real("divergenceLearningRateFactor", "train.divergenceLearningRateFactor");
        averagingMethod = text("averagingMethod", "averaging.method");
        optimizerState = text("optimizerState", "averaging.optimizerState");
        roundExchange = text("roundExchange", "averaging.exchange");
        blockMomentum = real("blockMomentum", "averaging.blockMomentum");
        blockLearningRate = real("blockLearningRate", "averaging.blockLearningRate");
        serverLearningRate = real("serverLearningRate", "averaging.serverLearningRate");
        serverBeta1 = real("serverBeta1", "averaging.serverBeta1");
        serverBeta2 = real("serverBeta2", "averaging.serverBeta2");
        serverEpsilon = real("serverEpsilon", "averaging.serverEpsilon");
        learningRateScaling = text("learningRateScaling", "train.learningRateScaling");
        scalingWarmupEpochs = real("scalingWarmupEpochs", "train.scalingWarmupEpochs");
        earlyAveragingFrequency = ints("earlyAveragingFrequency", "averaging.earlyFrequency");
        earlyAveragingEpochs = real("earlyAveragingEpochs", "averaging.earlyEpochs");
        checkpointEvery = ints("checkpointEvery", "checkpoint.every");
        checkpointKeep = ints("checkpointKeep", "checkpoint.keep");
        steps = ints("steps", "data.steps");
        inputSize = ints("inputSize", "data.inputSize");
        maxSteps = ints("maxSteps", "data.maxSteps");
        longer = text("longer", "data.longer");
        normalize = text("normalize", "data.normalize");
        storageLevel = text("storageLevel", "data.storageLevel");
        evalBatchSize = ints("evalBatchSize", "eval.batchSize");
        validationFraction = real("validationFraction", "data.validationFraction");
        validationSeed = longs("validationSeed", "data.validationSeed");
        keep = text("keep", "train.keep");
        selectBy = text("selectBy", "train.selectBy");
        earlyStoppingPatience = ints("earlyStoppingPatience", "train.earlyStopping.patience");
        validationEvery = ints("validationEvery", "eval.validationEvery");
        stopAfterEpochs = ints("stopAfterEpochs", "train.stopAfterEpochs");
        featuresCol = text("featuresCol", "data.featuresCol");
        labelCol = text("labelCol", "data.labelCol");
        lengthCol = text("lengthCol", "data.lengthCol");
        checkpointDir = column("checkpointDir", "", "directory (any Hadoop path) for checkpoints of fit, in a "
                + "subdirectory per fit named by a digest of its settings and data: the same fit again resumes from "
                + "them; empty: none");
        rawPredictionCol = column("rawPredictionCol", "rawPrediction", "output column: the logits (a vector)");
        probabilityCol = column("probabilityCol", "probability", "output column: the class probabilities (a "
                + "vector)");
        predictionCol = column("predictionCol", "prediction", "output column: the predicted class number (double)");
        predictedLabelCol = column("predictedLabelCol", "predictedLabel", "output column: the predicted class as "
                + "the training labels wrote it (string or int)");
    }

    /** The job's configuration these Params stand for, validated with the job's messages. */
    Config toConfig() {
        List<String> settings = new ArrayList<>();
        for (var entry : keys.entrySet()) {
            settings.add(entry.getValue() + "=" + owner.getOrDefault(owner.getParam(entry.getKey())));
        }
        return Config.load(null, null, settings);
    }

    private IntParam ints(String name, String key) {
        ConfigKey k = bind(name, key);
        IntParam p = new IntParam(owner, name, doc(k), v -> valid(k, v));
        owner.setDefault(p, Integer.parseInt(k.defaultValue()));
        return p;
    }

    private LongParam longs(String name, String key) {
        ConfigKey k = bind(name, key);
        LongParam p = new LongParam(owner, name, doc(k), v -> valid(k, v));
        owner.setDefault(p, Long.parseLong(k.defaultValue()));
        return p;
    }

    private DoubleParam real(String name, String key) {
        ConfigKey k = bind(name, key);
        DoubleParam p = new DoubleParam(owner, name, doc(k), v -> valid(k, v));
        owner.setDefault(p, Double.parseDouble(k.defaultValue()));
        return p;
    }

    private BooleanParam flag(String name, String key) {
        ConfigKey k = bind(name, key);
        BooleanParam p = new BooleanParam(owner, name, doc(k));
        owner.setDefault(p, Boolean.parseBoolean(k.defaultValue()));
        return p;
    }

    private Param<String> text(String name, String key) {
        ConfigKey k = bind(name, key);
        Param<String> p = new Param<>(owner, name, doc(k), v -> valid(k, v));
        owner.setDefault(p, k.defaultValue());
        return p;
    }

    private Param<String> column(String name, String defaultValue, String doc) {
        Param<String> p = new Param<>(owner, name, doc, v -> v != null);
        owner.setDefault(p, defaultValue);
        return p;
    }

    private ConfigKey bind(String name, String key) {
        keys.put(name, key);
        return ConfigKeys.get(key);
    }

    private static String doc(ConfigKey key) {
        return key.description() + " (" + key.allowed() + "; the job's " + key.name() + ")";
    }

    private static Object valid(ConfigKey key, Object value) {
        try {
            key.check(String.valueOf(value));
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
