package io.github.sparklstm.config;

import static io.github.sparklstm.config.ConfigKey.choice;
import static io.github.sparklstm.config.ConfigKey.flag;
import static io.github.sparklstm.config.ConfigKey.integer;
import static io.github.sparklstm.config.ConfigKey.longInteger;
import static io.github.sparklstm.config.ConfigKey.real;
import static io.github.sparklstm.config.ConfigKey.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every setting the job knows, in the order the README and the effective config list them. */
public final class ConfigKeys {

    private static final double POSITIVE = Double.MIN_VALUE;
    private static final long BIG = Integer.MAX_VALUE;

    public static final List<ConfigKey> ALL = List.of(
            choice("data.format", "idx", List.of("idx", "parquet", "orc", "json", "csv", "text"),
                    "idx: MNIST-style image files (the shipped default); parquet, orc, json, csv: a table of "
                            + "sequences read with Spark's own reader; text: plain UTF-8 files for a next-symbol "
                            + "model (data.text.*)"),
            text("data.path", "data/mnist", "idx: directory of the four MNIST-named IDX files (.gz or raw), used "
                    + "when data.train or data.test is empty; any Hadoop path").reporting(),
            text("data.train", "", "training set: a Hadoop path or glob (tables: required; idx: the images file(s), "
                    + "each x-images-idx3-ubyte(.gz) with x-labels-idx1-ubyte(.gz) beside it)").reporting(),
            text("data.test", "", "test set, as data.train").reporting(),
            text("data.featuresCol", "features", "tables: the features column (an array of steps, each an array "
                    + "of numbers; or a flat array or ML vector with data.steps/data.inputSize), or numeric columns "
                    + "gathered in order: a list a,b,c, a name pattern such as px*, or * for all but the label")
                    .param("featuresCol"),
            text("data.labelCol", "label", "tables: the label column: integers 0..C-1 or strings").param("labelCol"),
            integer("data.steps", 0, 0, BIG, "flat features: time steps per sequence (0: from data.inputSize)")
                    .param("steps"),
            integer("data.maxSteps", 0, 0, BIG, "tables: the longest sequence allowed (0: any); nested arrays "
                    + "may differ in length").param("maxSteps"),
            text("data.lengthCol", "", "tables: a column of integers, each sequence's number of steps; its "
                    + "features past them are padding and dropped (flat features then need data.inputSize); empty: none")
                    .param("lengthCol"),
            choice("data.longer", "refuse", List.of("refuse", "cut"), "tables: a sequence longer than "
                    + "data.maxSteps fails the run naming its row (refuse) or keeps its first data.maxSteps steps "
                    + "(cut)").param("longer"),
            integer("data.inputSize", 0, 0, BIG, "flat features: features per step (0: from data.steps)")
                    .param("inputSize"),
            choice("data.view", "rows", List.of("rows", "rows-trimmed", "pixels", "permuted-pixels"),
                    "idx: image as a sequence: rows (28 steps x 28), rows-trimmed (its rows from the first to the "
                            + "last with ink: 1-28 steps x 28), pixels (784 x 1), permuted-pixels (784 x 1, seeded)"),
            longInteger("data.permutationSeed", 1, 0, Long.MAX_VALUE, "seed of the permuted-pixels order"),
            choice("data.normalize", "standardize", List.of("standardize", "standardize-features", "none"),
                    "inputs: standardised with the training set's mean and std over all values, per feature, or "
                            + "raw (idx: pixel/255)").param("normalize"),
            integer("data.trainLimit", 0, 0, BIG, "use only the first N training examples (0 = all)"),
            integer("data.testLimit", 0, 0, BIG, "use only the first N test examples (0 = all)"),
            real("data.validationFraction", 0, 0, 0.9, "share of the training examples held out for validation, "
                    + "chosen by a hash of their position (0: none)").param("validationFraction"),
            longInteger("data.validationSeed", 0, 0, Long.MAX_VALUE, "seed of the hash choosing the validation "
                    + "examples").param("validationSeed"),
            text("data.validation", "", "a validation set named like data.test (instead of data.validationFraction)")
                    .reporting(),
            choice("data.storageLevel", "MEMORY_ONLY", List.of("MEMORY_ONLY", "MEMORY_AND_DISK", "MEMORY_ONLY_SER",
                    "MEMORY_AND_DISK_SER", "DISK_ONLY"), "how executors cache their shards (Spark storage level; "
                    + "the disk levels for data sets larger than the executors' memory)")
                    .param("storageLevel").reporting(),
            choice("data.text.unit", "char", List.of("char", "word"), "text: a symbol is a Unicode code point "
                    + "(char), or a word: a run of letters and digits, each other visible character and each "
                    + "newline a symbol of its own (word)"),
            integer("data.text.window", 100, 2, 100_000, "text: steps per training window; each step predicts the "
                    + "symbol after it, and gradients reach back to the window's start"),
            longInteger("data.text.minCount", 1, 1, Long.MAX_VALUE, "text: the vocabulary keeps the symbols seen at "
                    + "least this often in the training text; the others read as <unk>"),
            integer("data.text.maxVocabulary", 0, 0, 65_536, "text: at most this many symbols, <unk> included, the "
                    + "most frequent first (0: no limit)"),
            real("data.text.heldOut", 0.1, 0, 0.9, "text: the share of each file's end kept for testing when "
                    + "data.test is empty; never trained on"),

            text("series.idCol", "", "forecast: the column naming each series (empty: the table is one series)"),
            text("series.timeCol", "time", "forecast: the column of each observation's time: a date, a timestamp "
                    + "or a number (see series.frequency)"),
            text("series.valueCols", "value", "forecast: the numeric columns forecast, comma-separated: the "
                    + "targets, which are also inputs"),
            text("series.covariateCols", "", "forecast: numeric columns known in advance (a price, a holiday "
                    + "flag), comma-separated: inputs only"),
            choice("series.frequency", "auto", List.of("auto", "second", "minute", "hour", "day", "week", "month",
                    "quarter", "year"), "forecast: one step of a series: a calendar unit of the time column (a "
                    + "date or timestamp), or auto: the smallest difference between two times of the series"),
            integer("forecast.lookback", 24, 1, 100_000, "forecast: steps of history each forecast reads"),
            integer("forecast.horizon", 1, 1, 10_000, "forecast: steps forecast at once from the last step "
                    + "(model.output=last), each target's next forecast.horizon values"),
            integer("forecast.stride", 1, 1, 100_000, "forecast: steps between two training windows of a series"),
            integer("forecast.testSteps", 0, 0, 1_000_000, "forecast: the last steps of each series, never trained "
                    + "on, forecast in blocks of forecast.horizon for the test figures (0: forecast.horizon)"),
            integer("forecast.validationSteps", 0, 0, 1_000_000, "forecast: the steps before the test part kept "
                    + "for validation (0: none), likewise"),
            integer("forecast.season", 1, 1, 100_000, "forecast: steps of a season (12: monthly, 7: daily with "
                    + "a week): the seasonal naive baseline repeats it and MASE's scale is its in-sample error "
                    + "(1: the naive forecast)"),
            choice("forecast.scaling", "series", List.of("series", "global", "none"), "forecast: values are "
                    + "standardised by each series' own training part (series: levels differ by orders of "
                    + "magnitude), by all series' training parts pooled (global), or not at all"),
            choice("forecast.fillGaps", "refuse", List.of("refuse", "previous", "linear", "zero"), "forecast: a "
                    + "missing step of a series fails the run naming it (refuse), or takes the value before it, a "
                    + "straight line between its neighbours, or 0"),

            choice("model.task", "classify", List.of("classify", "forecast"), "classify: a class per sequence or "
                    + "step; forecast: real values of series (series.*, forecast.*) from a table of observations"),
            choice("model.loss", "auto", List.of("auto", "cross-entropy", "mse", "mae", "huber"), "what training "
                    + "minimises: cross-entropy for classify, mse, mae or huber (delta 1 in standard deviations) "
                    + "for forecast; auto: cross-entropy, or mse"),
            integer("model.hidden", 128, 1, 4096, "LSTM units per layer").param("hiddenSize"),
            integer("model.layers", 1, 1, 16, "stacked LSTM layers").param("numLayers"),
            flag("model.peepholes", false, "peephole connections from the cell into the gates").param("peepholes"),
            flag("model.bidirectional", false, "every layer runs a forward and a backward LSTM whose hidden states "
                    + "are concatenated (as nn.LSTM(bidirectional=True)); the backward one starts at each sequence's "
                    + "own last step").param("bidirectional"),
            choice("model.output", "last", List.of("last", "steps"), "where the head reads each sequence: its last "
                    + "step, a class per sequence; or every step, a class per step (sequence labelling: the label "
                    + "column holds an array of one label per step, null where a step has none)").param("output"),
            integer("model.embedding", 0, 0, 4096, "a learned embedding of this width in front of the first "
                    + "layer, the input being a symbol per step (required by data.format=text; PyTorch's "
                    + "nn.Embedding); 0: the input's features as they are"),
            integer("model.classes", 0, 0, 100_000, "classes (0: from the data: the largest integer label + 1, or "
                    + "the number of distinct string labels)").param("classes"),

            integer("train.epochs", 10, 1, 100_000, "passes over the training set").param("epochs"),
            integer("train.batchSize", 128, 1, 65_536, "minibatch size on each worker").param("batchSize"),
            integer("train.globalBatchLimit", 1024, 0, BIG, "at most this many examples in a step of all workers "
                    + "together: past it each worker's minibatch is this / train.workers (0: no limit)")
                    .param("globalBatchLimit"),
            integer("train.workers", 0, 0, 100_000,
                    "data partitions, each trained as one replica per round (0 = Spark's default parallelism)")
                    .param("numWorkers").elastic(),
            integer("train.averagingFrequency", 0, 0, 1_000_000,
                    "local minibatches per worker between two parameter averagings (0: from train.averagingExamples)")
                    .param("averagingFrequency"),
            integer("train.averagingExamples", 8192, 1, BIG, "with train.averagingFrequency=0, the examples all "
                    + "workers train together between two averagings: this / (train.workers × each one's "
                    + "minibatch) minibatches a round, at least 1 (8192: every 32 minibatches of 128 on 2 workers, "
                    + "every 8 on 8)").param("averagingExamples"),
            flag("train.carryState", false, "text: each window starts from the state in which the window before "
                    + "it ended: every partition holds a contiguous part of the text, trained as train.batchSize "
                    + "streams (truncated BPTT, char-rnn's); the state restarts from zero at each round (in a single process, "
                    + "at each epoch)"),
            choice("train.optimizer", "adam", List.of("sgd", "momentum", "nesterov", "adam", "rmsprop"),
                    "update rule").param("optimizer"),
            real("train.learningRate", 0.01, POSITIVE, 1e6, "base learning rate").param("learningRate"),
            real("train.momentum", 0.9, 0, 1, "momentum and nesterov: velocity decay").param("momentum"),
            real("train.beta1", 0.9, 0, 0.999999, "adam: first-moment decay").param("beta1"),
            real("train.beta2", 0.999, 0, 0.999999999, "adam: second-moment decay").param("beta2"),
            real("train.epsilon", 1e-8, POSITIVE, 1, "adam and rmsprop: denominator term").param("epsilon"),
            real("train.rmsDecay", 0.99, 0, 0.999999999, "rmsprop: mean-square decay").param("rmsDecay"),
            choice("train.schedule", "cosine", List.of("constant", "step", "cosine"),
                    "learning-rate schedule over the global step").param("schedule"),
            longInteger("train.warmupSteps", 0, 0, Long.MAX_VALUE, "linear warm-up steps before the schedule")
                    .param("warmupSteps"),
            choice("train.learningRateScaling", "sqrt", List.of("none", "sqrt", "linear"), "the learning rate "
                    + "(and train.minLearningRate) of averaged replicas that each take 1/s of one worker's steps "
                    + "(s = train.workers × each one's minibatch / train.batchSize): as set (none), times √s (sqrt) "
                    + "or times s (linear)").param("learningRateScaling"),
            real("train.scalingWarmupEpochs", 1, 0, 100_000, "epochs over which a scaled learning rate ramps up "
                    + "linearly from train.learningRate to its scaled value (Goyal et al. 2017)")
                    .param("scalingWarmupEpochs"),
            longInteger("train.decaySteps", 1000, 1, Long.MAX_VALUE, "step schedule: steps between decays")
                    .param("decaySteps"),
            real("train.decayFactor", 0.5, POSITIVE, 1, "step schedule: factor per decay").param("decayFactor"),
            real("train.minLearningRate", 0, 0, 10, "cosine schedule: final learning rate").param("minLearningRate"),
            real("train.clipNorm", 1.0, 0, Double.MAX_VALUE, "global L2 gradient-norm limit (0 = no clipping)")
                    .param("clipNorm"),
            longInteger("train.seed", 42, 0, Long.MAX_VALUE, "seed of initialisation and data order").param("seed"),
            real("train.divergenceLoss", 100, POSITIVE, Double.MAX_VALUE,
                    "a round whose mean training loss exceeds this has diverged (100 = probability e^-100 on the "
                            + "true class), as has one with a non-finite loss or parameter").param("divergenceLoss"),
            integer("train.divergenceRetries", 3, 0, 100,
                    "times a diverged round is rolled back and retried before the job stops")
                    .param("divergenceRetries"),
            integer("train.stopAfterEpochs", 0, 0, 100_000, "stop after this many epochs, keeping the learning-rate "
                    + "schedule of train.epochs (0: train.epochs); a finished run resumed with more continues")
                    .param("stopAfterEpochs").reporting(),
            choice("train.keep", "last", List.of("last", "best"), "the parameters saved as the model: the last, or "
                    + "those of the best validation").param("keep"),
            choice("train.selectBy", "loss", List.of("loss", "accuracy"), "the validation metric that decides "
                    + "'best' and early stopping").param("selectBy"),
            integer("train.earlyStopping.patience", 0, 0, 100_000, "stop after this many validations in a row "
                    + "without improvement (0: never)").param("earlyStoppingPatience"),
            real("train.divergenceLearningRateFactor", 0.5, POSITIVE, 0.999999,
                    "learning-rate factor applied at each divergence retry").param("divergenceLearningRateFactor"),

            choice("averaging.method", "mean", List.of("mean", "bmuf", "adam"),
                    "mean: example-weighted average; bmuf: block momentum on the driver (Chen and Huo 2016); adam: "
                            + "Adam on the driver, the round's average minus its start as the gradient (FedAdam, "
                            + "Reddi et al. 2021)").param("averagingMethod"),
            choice("averaging.optimizerState", "average", List.of("average", "reset"),
                    "optimizer state of the replicas: averaged like parameters, or reset every round")
                    .param("optimizerState"),
            real("averaging.blockMomentum", 0.5, 0, 0.999999, "bmuf: block momentum").param("blockMomentum"),
            real("averaging.blockLearningRate", 1.0, POSITIVE, 10, "bmuf: block learning rate")
                    .param("blockLearningRate"),
            real("averaging.serverLearningRate", 0.01, POSITIVE, 10, "adam: the driver's rate, about a "
                    + "parameter's step in a round once the second moment has settled (up to rate / sqrt(1 - "
                    + "serverBeta2) while it is small)").param("serverLearningRate"),
            real("averaging.serverBeta1", 0.0, 0, 0.999999, "adam: the driver's first-moment decay (0: none; the "
                    + "paper's 0.9 lags the few rounds of a run)").param("serverBeta1"),
            real("averaging.serverBeta2", 0.99, 0, 0.999999, "adam: the driver's second-moment decay")
                    .param("serverBeta2"),
            real("averaging.serverEpsilon", 0.01, POSITIVE, 10, "adam: the driver's epsilon (τ); a movement "
                    + "much smaller than it is multiplied by about serverLearningRate / serverEpsilon")
                    .param("serverEpsilon"),
            integer("averaging.earlyFrequency", 0, 0, 1_000_000, "local minibatches per worker between two "
                    + "averagings during the first averaging.earlyEpochs (post-local SGD, Lin et al. 2020; 0: "
                    + "train.averagingFrequency throughout)").param("earlyAveragingFrequency"),
            real("averaging.earlyEpochs", 0, 0, 100_000, "epochs averaged every averaging.earlyFrequency minibatches")
                    .param("earlyAveragingEpochs"),
            choice("averaging.exchange", "auto", List.of("auto", "endpoint", "jobs"), "how rounds reach the "
                    + "executors: endpoint: the long-lived tasks of one barrier job per epoch take round after round "
                    + "from an endpoint on the driver (Spark's cost of a job once an epoch, not every round); jobs: a "
                    + "Spark job per round; auto: endpoint unless the cluster rules it out (dynamic allocation, "
                    + "fewer task slots than partitions, held-out data on a cluster)").param("roundExchange"),

            integer("checkpoint.every", 10, 0, BIG, "rounds between checkpoints, besides one at the end of every epoch (0: epoch ends only)")
                    .param("checkpointEvery").reporting(),
            integer("checkpoint.keep", 3, 1, 1000, "checkpoints kept; older ones are deleted")
                    .param("checkpointKeep").reporting(),
            choice("resume", "false", List.of("false", "true", "auto"), "true: continue from the newest good "
                    + "checkpoint in output; auto: that when there is one, a fresh start in an empty output, and "
                    + "nothing to do when the run there finished with these settings (for retried pipelines)")
                    .reporting(),
            flag("resume.allowDataChange", false, "resume even though the data files differ from those the "
                    + "checkpoint was trained on (names, sizes, modification times)").reporting(),
            text("output", "", "run directory (default runs/<timestamp>); any Hadoop path").reporting(),
            flag("output.overwrite", false, "allow a non-empty output directory without resume (its files are replaced)")
                    .reporting(),
            real("gate.minTestAccuracy", 0, 0, 1, "quality gate: the lowest test accuracy (0..1) the model may "
                    + "have; a run below it exits 6 and leaves its model in model-rejected/ (0: no gate)").reporting(),
            real("gate.maxTestLoss", 0, 0, Double.MAX_VALUE, "quality gate: the highest mean test loss the model "
                    + "may have (0: no gate)").reporting(),
            real("gate.maxTestBitsPerStep", 0, 0, Double.MAX_VALUE, "quality gate: the highest test bits per step "
                    + "(per-step models; a language model's bits per symbol) the model may have (0: no gate)")
                    .reporting(),
            real("gate.maxTestMase", 0, 0, Double.MAX_VALUE, "quality gate: a forecaster's highest test MASE (1: "
                    + "no worse than the seasonal naive forecast in-sample; 0: no gate)").reporting(),
            real("gate.maxTestSmape", 0, 0, 200, "quality gate: a forecaster's highest test sMAPE in percent (0: no "
                    + "gate)").reporting(),
            integer("eval.batchSize", 500, 1, 65_536, "minibatch size of evaluation")
                    .param("evalBatchSize").reporting(),
            integer("eval.validationEvery", 0, 0, BIG, "rounds between validations (0: after every epoch)")
                    .param("validationEvery"),
            choice("log.progress", "round", List.of("round", "epoch", "none"),
                    "console progress: a line per round, per epoch only, or none").reporting());

    /** {@code data.option.<name>=<value>}: an option for Spark's reader of data.format (e.g. csv: sep). */
    public static final String READER_OPTION = "data.option.";

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey key : ALL) {
            BY_NAME.put(key.name(), key);
        }
    }

    private ConfigKeys() {
    }

    public static ConfigKey get(String name) {
        return BY_NAME.get(name);
    }

    /** A key of the open {@code data.option.*} family. */
    public static boolean isReaderOption(String name) {
        return name.startsWith(READER_OPTION) && name.length() > READER_OPTION.length();
    }

    /** The known key closest to {@code unknown} by edit distance, ignoring case. */
    public static String nearest(String unknown) {
        var distance = org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : BY_NAME.keySet()) {
            int d = distance.apply(unknown.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best;
    }
}
