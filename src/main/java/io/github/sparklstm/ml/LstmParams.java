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
 * The Params of the classifier and its model, made for one owner from the job's table of settings: a Param for
 * every key that names one ({@link ConfigKey#param()}), with that key's type, default, allowed values and doc, and
 * the few Params that only Spark ML has ({@link #ML_ONLY}: output columns and the checkpoint directory). Spark finds
 * them through the owner's public accessors, generated into {@link LstmClassifierParams}; {@link #toConfig} turns
 * them into the job's validated configuration, so the Estimator and the command line train through one set of
 * settings.
 */
public final class LstmParams implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A Param of Spark ML's alone: a String with its default and doc. */
    public record MlOnly(String name, String defaultValue, String doc) implements Serializable {
    }

    public static final List<MlOnly> ML_ONLY = List.of(
            new MlOnly("checkpointDir", "", "directory (any Hadoop path) for checkpoints of fit, in a subdirectory "
                    + "per fit named by a digest of its settings and data: the same fit again resumes from them; "
                    + "empty: none"),
            new MlOnly("rawPredictionCol", "rawPrediction", "output column: the logits (a vector)"),
            new MlOnly("probabilityCol", "probability", "output column: the class probabilities (a vector)"),
            new MlOnly("predictionCol", "prediction", "output column: the predicted class number (double)"),
            new MlOnly("predictedLabelCol", "predictedLabel", "output column: the predicted class as the training "
                    + "labels wrote it (string or int)"));

    private final Params owner;
    /** Param name -> Param, in the table's order, then the Spark-only ones. */
    private final Map<String, Param<?>> params = new LinkedHashMap<>();

    LstmParams(Params owner) {
        this.owner = owner;
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.hasParam()) {
                params.put(key.param(), paramOf(key));
            }
        }
        for (MlOnly column : ML_ONLY) {
            Param<String> p = new Param<>(owner, column.name(), column.doc(), v -> v != null);
            owner.setDefault(p, column.defaultValue());
            params.put(column.name(), p);
        }
    }

    /** The Param called {@code name}; the generated accessors cast it to its type. */
    Param<?> param(String name) {
        Param<?> p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no Param " + name);
        }
        return p;
    }

    /** The job's configuration these Params stand for, validated with the job's messages. */
    Config toConfig() {
        // A DataFrame is a table: the checks that tell IDX images from tables (per-step labels need a table) hold.
        List<String> settings = new ArrayList<>(List.of("data.format=parquet"));
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.hasParam()) {
                settings.add(key.name() + "=" + owner.getOrDefault(params.get(key.param())));
            }
        }
        return Config.load(null, null, settings);
    }

    private Param<?> paramOf(ConfigKey key) {
        String name = key.param();
        String doc = key.description() + " (" + key.allowed() + "; the job's " + key.name() + ")";
        String value = key.defaultValue();
        switch (key.kind()) {
            case INT -> {
                IntParam p = new IntParam(owner, name, doc, v -> valid(key, v));
                owner.setDefault(p, Integer.parseInt(value));
                return p;
            }
            case LONG -> {
                LongParam p = new LongParam(owner, name, doc, v -> valid(key, v));
                owner.setDefault(p, Long.parseLong(value));
                return p;
            }
            case DOUBLE -> {
                DoubleParam p = new DoubleParam(owner, name, doc, v -> valid(key, v));
                owner.setDefault(p, Double.parseDouble(value));
                return p;
            }
            case BOOLEAN -> {
                BooleanParam p = new BooleanParam(owner, name, doc);
                owner.setDefault(p, Boolean.parseBoolean(value));
                return p;
            }
            default -> {
                Param<String> p = new Param<>(owner, name, doc, v -> valid(key, v));
                owner.setDefault(p, value);
                return p;
            }
        }
    }

    private static boolean valid(ConfigKey key, Object value) {
        try {
            key.check(String.valueOf(value));
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
