package io.github.sparklstm.distributed.data;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.Holdout;
import io.github.sparklstm.data.InvalidDataException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the examples come from and how they are kept, as the job's {@code data.*} settings say.
 *
 * @param format        idx, parquet, orc, json or csv
 * @param idxDirectory  idx: the directory of the MNIST-named files, used when train or test is empty
 * @param train         the training set: a path or glob (idx: the images file(s); labels sit beside them)
 * @param test          the test set, likewise
 * @param featuresCol   tables: the features column, a comma-separated list of numeric columns, a pattern with
 *                      {@code *}, or {@code *} alone for every column but the label
 * @param labelCol      tables: the label column (integers 0..C-1 or strings)
 * @param steps         flat features: time steps per sequence (0: derive from inputSize or the data)
 * @param inputSize     flat features: features per step (0: derive from steps or the data)
 * @param view          idx: how an image becomes a sequence (rows, pixels, permuted-pixels)
 * @param permutationSeed idx: seed of the permuted-pixels order
 * @param normalize     standardize (one mean and std for all inputs), standardize-features (per feature), none
 * @param trainLimit    use only the first N training examples (0: all)
 * @param testLimit     use only the first N test examples (0: all)
 * @param classes       the number of classes (0: from the data)
 * @param storageLevel  how executors keep their shards (a Spark StorageLevel name)
 * @param readerOptions options for Spark's reader of the format (e.g. csv: sep, header)
 * @param holdout       the training examples held out for validation (by position)
 * @param validation    a validation set named like test, or empty
 * @param maxSteps      tables: the longest sequence allowed (0: any)
 * @param cutLonger     tables: longer sequences are cut to their first maxSteps steps instead of refused
 * @param lengthCol     tables: the column of each sequence's number of steps, the rest being padding ("": none)
 * @param perStep       labels per step (model.output=steps): the label column holds an array, one per step
 * @param text          text: how files become next-symbol windows
 * @param forecast      a forecaster's series and windows (model.task=forecast), or null for a classifier
 */
public record DataSettings(String format, String idxDirectory, String train, String test, String featuresCol,
                           String labelCol, int steps, int inputSize, String view, long permutationSeed,
                           String normalize, long trainLimit, long testLimit, int classes, String storageLevel,
                           Map<String, String> readerOptions, Holdout holdout, String validation, int maxSteps,
                           boolean cutLonger, String lengthCol, boolean perStep, Text text, io.github.sparklstm.data.SeriesTable forecast)
        implements java.io.Serializable {



    public static final List<String> FORMATS = List.of("idx", "parquet", "orc", "json", "csv", "text");

    /**
     * How text files become windows ({@code data.text.*}): the unit of a symbol, steps per window, the vocabulary's
     * limits, the share of each file's end held out for testing when no test set is named, and whether each
     * training partition holds consecutive windows (for state carried between them) rather than every P-th.
     */
    public record Text(io.github.sparklstm.data.TextSymbols.Unit unit, int window, long minCount, int maxVocabulary,
                       double heldOut, boolean contiguous) implements java.io.Serializable {
    }
    public static final List<String> STORAGE_LEVELS = List.of("MEMORY_ONLY", "MEMORY_AND_DISK", "MEMORY_ONLY_SER",
            "MEMORY_AND_DISK_SER", "DISK_ONLY");
    public static final List<String> NORMALIZATIONS = List.of("standardize", "standardize-features", "none");

    public DataSettings {
        Objects.requireNonNull(format, "format");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown data format " + format + ": expected one of " + FORMATS);
        }
        if (!STORAGE_LEVELS.contains(storageLevel)) {
            throw new IllegalArgumentException("unknown storage level " + storageLevel + ": expected one of "
                    + STORAGE_LEVELS);
        }
        if (!NORMALIZATIONS.contains(normalize)) {
            throw new IllegalArgumentException("unknown normalization " + normalize + ": expected one of "
                    + NORMALIZATIONS);
        }
        readerOptions = Map.copyOf(readerOptions);
    }

    /** The data settings of a validated configuration. */
    public static DataSettings of(Config c) {
        return new DataSettings(c.get("data.format"), c.get("data.path"), c.get("data.train"), c.get("data.test"),
                c.get("data.featuresCol"), c.get("data.labelCol"), c.integer("data.steps"), c.integer("data.inputSize"),
                c.get("data.view"), c.longInteger("data.permutationSeed"),
                // Symbol numbers are names, not measurements: text is never scaled.
                // Forecasting windows are standardised as they are cut (forecast.scaling).
                "text".equals(c.get("data.format")) || "forecast".equals(c.get("model.task")) ? "none"
                        : c.get("data.normalize"),
                c.integer("data.trainLimit"), c.integer("data.testLimit"), c.integer("model.classes"),
                c.get("data.storageLevel"), c.readerOptions(), new Holdout(c.real("data.validationFraction"),
                c.longInteger("data.validationSeed")), c.get("data.validation"), c.integer("data.maxSteps"),
                "cut".equals(c.get("data.longer")), c.get("data.lengthCol"), "steps".equals(c.get("model.output")),
                new Text(io.github.sparklstm.data.TextSymbols.Unit.valueOf(c.get("data.text.unit")
                        .toUpperCase(java.util.Locale.ROOT)), c.integer("data.text.window"),
                        c.longInteger("data.text.minCount"), c.integer("data.text.maxVocabulary"),
                        c.real("data.text.heldOut"), c.flag("train.carryState")), forecast(c));
    }

    private static io.github.sparklstm.data.SeriesTable forecast(Config c) {
        if (!"forecast".equals(c.get("model.task"))) {
            return null;
        }
        int horizon = c.integer("forecast.horizon");
        var windows = new io.github.sparklstm.data.ForecastSettings(c.integer("forecast.lookback"), horizon,
                c.integer("forecast.stride"), c.integer("forecast.testSteps") > 0 ? c.integer("forecast.testSteps")
                : horizon, c.integer("forecast.validationSteps"), c.integer("forecast.season"),
                io.github.sparklstm.data.ForecastSettings.Scaling.valueOf(upper(c.get("forecast.scaling"))),
                io.github.sparklstm.data.ForecastSettings.GapFill.valueOf(upper(c.get("forecast.fillGaps"))),
                "steps".equals(c.get("model.output")));
        return new io.github.sparklstm.data.SeriesTable(c.get("series.idCol"), c.get("series.timeCol"), names(c.get("series.valueCols")),
                names(c.get("series.covariateCols")), c.get("series.frequency"), windows);
    }

    private static String upper(String value) {
        return value.toUpperCase(java.util.Locale.ROOT);
    }

    private static List<String> names(String list) {
        List<String> names = new java.util.ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    public boolean isForecast() {
        return forecast != null;
    }

    public boolean isText() {
        return "text".equals(format);
    }

    public boolean isIdx() {
        return "idx".equals(format);
    }

    /** Refuses a label column of the other kind than model.output wants: an array per step, or one label. */
    void requireLabelKind(TableColumns columns, String source, String outputKey)
            throws io.github.sparklstm.data.InvalidDataException {
        if (columns.label() == null || columns.stepLabels() == perStep) {
            return;
        }
        throw new io.github.sparklstm.data.InvalidDataException(source, perStep
                ? "label column " + columns.labelName() + " holds one label per sequence, but " + outputKey
                        + "=steps needs an array of one label per step"
                : "label column " + columns.labelName() + " holds an array of labels per step, but " + outputKey
                        + "=last needs one label per sequence (set " + outputKey + "=steps to label every step)");
    }

    /** Which set, by the setting that names it (data.train, data.test). */
    enum Role {
        TRAIN("data.train"), TEST("data.test"), VALIDATION("data.validation");

        final String key;

        Role(String key) {
            this.key = key;
        }
    }
}
