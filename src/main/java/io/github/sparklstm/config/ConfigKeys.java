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
            choice("data.format", "idx", List.of("idx", "parquet", "orc", "json", "csv"),
                    "idx: MNIST-style image files (the shipped default); parquet, orc, json, csv: a table of "
                            + "sequences read with Spark's own reader"),
            text("data.path", "data/mnist", "idx: directory of the four MNIST-named IDX files (.gz or raw), used "
                    + "when data.train or data.test is empty; any Hadoop path"),
            text("data.train", "", "training set: a Hadoop path or glob (tables: required; idx: the images file(s), "
                    + "each x-images-idx3-ubyte(.gz) with x-labels-idx1-ubyte(.gz) beside it)"),
            text("data.test", "", "test set, as data.train"),
            text("data.featuresCol", "features", "tables: the features column (an array of steps, each an array "
                    + "of numbers; or a flat array or ML vector with data.steps/data.inputSize), or numeric columns "
                    + "gathered in order: a list a,b,c, a name pattern such as px*, or * for all but the label"),
            text("data.labelCol", "label", "tables: the label column: integers 0..C-1 or strings"),
            integer("data.steps", 0, 0, BIG, "flat features: time steps per sequence (0: from data.inputSize)"),
            integer("data.maxSteps", 0, 0, BIG, "tables: the longest sequence allowed (0: any); nested arrays "
                    + "may differ in length"),
            text("data.lengthCol", "", "tables: a column of integers, each sequence's number of steps; its "
                    + "features past them are padding and dropped (flat features then need data.inputSize); empty: none"),
            choice("data.longer", "refuse", List.of("refuse", "cut"), "tables: a sequence longer than "
                    + "data.maxSteps fails the run naming its row (refuse) or keeps its first data.maxSteps steps "
                    + "(cut)"),
            integer("data.inputSize", 0, 0, BIG, "flat features: features per step (0: from data.steps)"),
            choice("data.view", "rows", List.of("rows", "rows-trimmed", "pixels", "permuted-pixels"),
                    "idx: image as a sequence: rows (28 steps x 28), rows-trimmed (its rows from the first to the "
                            + "last with ink: 1-28 steps x 28), pixels (784 x 1), permuted-pixels (784 x 1, seeded)"),
            longInteger("data.permutationSeed", 1, 0, Long.MAX_VALUE, "seed of the permuted-pixels order"),
            choice("data.normalize", "standardize", List.of("standardize", "standardize-features", "none"),
                    "inputs: standardised with the training set's mean and std over all values, per feature, or "
                            + "raw (idx: pixel/255)"),
            integer("data.trainLimit", 0, 0, BIG, "use only the first N training examples (0 = all)"),
            integer("data.testLimit", 0, 0, BIG, "use only the first N test examples (0 = all)"),
            real("data.validationFraction", 0, 0, 0.9, "share of the training examples held out for validation, "
                    + "chosen by a hash of their position (0: none)"),
            longInteger("data.validationSeed", 0, 0, Long.MAX_VALUE, "seed of the hash choosing the validation "
                    + "examples"),
            text("data.validation", "", "a validation set named like data.test (instead of data.validationFraction)"),
            choice("data.storageLevel", "MEMORY_ONLY", List.of("MEMORY_ONLY", "MEMORY_AND_DISK", "MEMORY_ONLY_SER",
                    "MEMORY_AND_DISK_SER", "DISK_ONLY"), "how executors cache their shards (Spark storage level; "
                    + "the disk levels for data sets larger than the executors' memory)"),

            integer("model.hidden", 128, 1, 4096, "LSTM units per layer"),
            integer("model.layers", 1, 1, 16, "stacked LSTM layers"),
            flag("model.peepholes", false, "peephole connections from the cell into the gates"),
            integer("model.classes", 0, 0, 100_000, "classes (0: from the data: the largest integer label + 1, or "
                    + "the number of distinct string labels)"),

            integer("train.epochs", 10, 1, 100_000, "passes over the training set"),
            integer("train.batchSize", 128, 1, 65_536, "minibatch size on each worker"),
            integer("train.globalBatchLimit", 1024, 0, BIG, "at most this many examples in a step of all workers "
                    + "together: past it each worker's minibatch is this / train.workers (0: no limit)"),
            integer("train.workers", 0, 0, 100_000,
                    "data partitions, each trained as one replica per round (0 = Spark's default parallelism)"),
            integer("train.averagingFrequency", 0, 0, 1_000_000,
                    "local minibatches per worker between two parameter averagings (0: from train.averagingExamples)"),
            integer("train.averagingExamples", 8192, 1, BIG, "with train.averagingFrequency=0, the examples all "
                    + "workers train together between two averagings: this / (train.workers × each one's "
                    + "minibatch) minibatches a round, at least 1 (8192: every 32 minibatches of 128 on 2 workers, "
                    + "every 8 on 8)"),
            choice("train.optimizer", "adam", List.of("sgd", "momentum", "nesterov", "adam", "rmsprop"),
                    "update rule"),
            real("train.learningRate", 0.01, POSITIVE, 1e6, "base learning rate"),
            real("train.momentum", 0.9, 0, 1, "momentum and nesterov: velocity decay"),
            real("train.beta1", 0.9, 0, 0.999999, "adam: first-moment decay"),
            real("train.beta2", 0.999, 0, 0.999999999, "adam: second-moment decay"),
            real("train.epsilon", 1e-8, POSITIVE, 1, "adam and rmsprop: denominator term"),
            real("train.rmsDecay", 0.99, 0, 0.999999999, "rmsprop: mean-square decay"),
            choice("train.schedule", "cosine", List.of("constant", "step", "cosine"),
                    "learning-rate schedule over the global step"),
            longInteger("train.warmupSteps", 0, 0, Long.MAX_VALUE, "linear warm-up steps before the schedule"),
            choice("train.learningRateScaling", "sqrt", List.of("none", "sqrt", "linear"), "the learning rate "
                    + "(and train.minLearningRate) of averaged replicas that each take 1/s of one worker's steps "
                    + "(s = train.workers × each one's minibatch / train.batchSize): as set (none), times √s (sqrt) "
                    + "or times s (linear)"),
            real("train.scalingWarmupEpochs", 1, 0, 100_000, "epochs over which a scaled learning rate ramps up "
                    + "linearly from train.learningRate to its scaled value (Goyal et al. 2017)"),
            longInteger("train.decaySteps", 1000, 1, Long.MAX_VALUE, "step schedule: steps between decays"),
            real("train.decayFactor", 0.5, POSITIVE, 1, "step schedule: factor per decay"),
            real("train.minLearningRate", 0, 0, 10, "cosine schedule: final learning rate"),
            real("train.clipNorm", 1.0, 0, Double.MAX_VALUE, "global L2 gradient-norm limit (0 = no clipping)"),
            longInteger("train.seed", 42, 0, Long.MAX_VALUE, "seed of initialisation and data order"),
            real("train.divergenceLoss", 100, POSITIVE, Double.MAX_VALUE,
                    "a round whose mean training loss exceeds this has diverged (100 = probability e^-100 on the "
                            + "true class), as has one with a non-finite loss or parameter"),
            integer("train.divergenceRetries", 3, 0, 100,
                    "times a diverged round is rolled back and retried before the job stops"),
            integer("train.stopAfterEpochs", 0, 0, 100_000, "stop after this many epochs, keeping the learning-rate "
                    + "schedule of train.epochs (0: train.epochs); a finished run resumed with more continues"),
            choice("train.keep", "last", List.of("last", "best"), "the parameters saved as the model: the last, or "
                    + "those of the best validation"),
            choice("train.selectBy", "loss", List.of("loss", "accuracy"), "the validation metric that decides "
                    + "'best' and early stopping"),
            integer("train.earlyStopping.patience", 0, 0, 100_000, "stop after this many validations in a row "
                    + "without improvement (0: never)"),
            real("train.divergenceLearningRateFactor", 0.5, POSITIVE, 0.999999,
                    "learning-rate factor applied at each divergence retry"),

            choice("averaging.method", "mean", List.of("mean", "bmuf", "adam"),
                    "mean: example-weighted average; bmuf: block momentum on the driver (Chen and Huo 2016); adam: "
                            + "Adam on the driver, the round's average minus its start as the gradient (FedAdam, "
                            + "Reddi et al. 2021)"),
            choice("averaging.optimizerState", "average", List.of("average", "reset"),
                    "optimizer state of the replicas: averaged like parameters, or reset every round"),
            real("averaging.blockMomentum", 0.5, 0, 0.999999, "bmuf: block momentum"),
            real("averaging.blockLearningRate", 1.0, POSITIVE, 10, "bmuf: block learning rate"),
            real("averaging.serverLearningRate", 0.01, POSITIVE, 10, "adam: the driver's rate, about a "
                    + "parameter's step in a round once the second moment has settled (up to rate / sqrt(1 - "
                    + "serverBeta2) while it is small)"),
            real("averaging.serverBeta1", 0.0, 0, 0.999999, "adam: the driver's first-moment decay (0: none; the "
                    + "paper's 0.9 lags the few rounds of a run)"),
            real("averaging.serverBeta2", 0.99, 0, 0.999999, "adam: the driver's second-moment decay"),
            real("averaging.serverEpsilon", 0.01, POSITIVE, 10, "adam: the driver's epsilon (τ); a movement "
                    + "much smaller than it is multiplied by about serverLearningRate / serverEpsilon"),
            integer("averaging.earlyFrequency", 0, 0, 1_000_000, "local minibatches per worker between two "
                    + "averagings during the first averaging.earlyEpochs (post-local SGD, Lin et al. 2020; 0: "
                    + "train.averagingFrequency throughout)"),
            real("averaging.earlyEpochs", 0, 0, 100_000, "epochs averaged every averaging.earlyFrequency minibatches"),
            choice("averaging.exchange", "auto", List.of("auto", "endpoint", "jobs"), "how rounds reach the "
                    + "executors: endpoint: the long-lived tasks of one barrier job per epoch take round after round "
                    + "from an endpoint on the driver (Spark's cost of a job once an epoch, not every round); jobs: a "
                    + "Spark job per round; auto: endpoint unless the cluster rules it out (dynamic allocation, "
                    + "fewer task slots than partitions, held-out data on a cluster)"),

            integer("checkpoint.every", 10, 0, BIG, "rounds between checkpoints, besides one at the end of every epoch (0: epoch ends only)"),
            integer("checkpoint.keep", 3, 1, 1000, "checkpoints kept; older ones are deleted"),
            choice("resume", "false", List.of("false", "true", "auto"), "true: continue from the newest good "
                    + "checkpoint in output; auto: that when there is one, a fresh start in an empty output, and "
                    + "nothing to do when the run there finished with these settings (for retried pipelines)"),
            flag("resume.allowDataChange", false, "resume even though the data files differ from those the "
                    + "checkpoint was trained on (names, sizes, modification times)"),
            text("output", "", "run directory (default runs/<timestamp>); any Hadoop path"),
            flag("output.overwrite", false, "allow a non-empty output directory without resume (its files are replaced)"),
            real("gate.minTestAccuracy", 0, 0, 1, "quality gate: the lowest test accuracy (0..1) the model may "
                    + "have; a run below it exits 6 and leaves its model in model-rejected/ (0: no gate)"),
            real("gate.maxTestLoss", 0, 0, Double.MAX_VALUE, "quality gate: the highest mean test loss the model "
                    + "may have (0: no gate)"),
            integer("eval.batchSize", 500, 1, 65_536, "minibatch size of evaluation"),
            integer("eval.validationEvery", 0, 0, BIG, "rounds between validations (0: after every epoch)"),
            choice("log.progress", "round", List.of("round", "epoch", "none"),
                    "console progress: a line per round, per epoch only, or none"));

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
