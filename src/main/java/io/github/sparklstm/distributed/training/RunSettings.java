package io.github.sparklstm.distributed.training;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.optim.AveragingPeriod;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.LearningRates;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.optim.OuterOptimizer;
import io.github.sparklstm.optim.ReplicaScaling;
import io.github.sparklstm.train.Epochs;
import io.github.sparklstm.train.ModelSelection;
import io.github.sparklstm.train.TrainingSettings;
import java.util.Locale;
import java.util.Optional;

/**
 * What a validated configuration means for a training on {@code partitions} replicas: the one place that turns
 * settings into the engine's and the driver's types, for the job, the Spark ML estimator, a sweep's trials, the
 * plan and the single-process run. The partition count decides each replica's minibatch, averaging period and
 * learning-rate factor ({@link ReplicaScaling}).
 */
public record RunSettings(Epochs epochs, int partitions, Architecture architecture, Steps steps, LearningRates rates,
                          Averaging averaging, Divergence divergence, Cadence cadence,
                          ModelSelection.Settings selection) {

    /** The network's shape before the data give its inputs and classes. */
    public record Architecture(int hidden, int layers, boolean peepholes, boolean bidirectional,
                               ModelSpec.Output output, int embedding) {
        /**
         * The model of {@code features} inputs and {@code classes} (as the data's labels count them); with an
         * embedding the input is one of the classes' symbols per step, so its vocabulary is theirs.
         */
        public ModelSpec spec(int features, int classes) {
            return new ModelSpec(embedding > 0 ? classes : features, hidden, layers, peepholes, classes,
                    bidirectional, output, embedding);
        }

        /** A forecaster of {@code outputs} values per row (horizon x targets, or the targets per step). */
        public ModelSpec forecaster(int features, int outputs, ModelSpec.Loss loss) {
            return new ModelSpec(features, hidden, layers, peepholes, outputs, bidirectional, output, 0, loss);
        }
    }

    /** How every replica takes its local steps. */
    public record Steps(int batchSize, OptimizerConfig optimizer, double clipNorm, long seed, boolean carryState)
            implements java.io.Serializable {
    }

    /** How often replicas are averaged, what the driver makes of the average, and how rounds travel. */
    public record Averaging(AveragingPeriod period, OuterOptimizer.Settings outer, boolean averageOptimizerState,
                            RoundExchange.Mode exchange) {
    }

    /** A round whose mean loss exceeds {@code loss} has diverged; it is retried at a lower rate so many times. */
    public record Divergence(double loss, int retries, double learningRateFactor) {
    }

    /** Rounds between checkpoints and validations (0: at epoch ends), and the evaluation minibatch. */
    public record Cadence(int checkpointEvery, int validationEvery, int evalBatchSize) {
    }

    /** What a forecaster minimises: model.loss, mse for auto. */
    public static ModelSpec.Loss regressionLoss(Config c) {
        String loss = c.get("model.loss");
        return "auto".equals(loss) ? ModelSpec.Loss.MSE : ModelSpec.Loss.valueOf(upper(loss.replace('-', '_')));
    }

    public static RunSettings of(Config c, int partitions) {
        ReplicaScaling scaling = scaling(c);
        return new RunSettings(new Epochs(c.integer("train.epochs"), c.integer("train.stopAfterEpochs")),
                partitions,
                new Architecture(c.integer("model.hidden"), c.integer("model.layers"), c.flag("model.peepholes"),
                        c.flag("model.bidirectional"), ModelSpec.Output.valueOf(upper(c.get("model.output"))),
                        c.integer("model.embedding")),
                new Steps(scaling.batchSizeFor(partitions), optimizer(c), c.real("train.clipNorm"),
                        c.longInteger("train.seed"), c.flag("train.carryState")),
                new LearningRates(LearningRates.Kind.valueOf(upper(c.get("train.schedule"))),
                        c.real("train.learningRate"), c.longInteger("train.decaySteps"), c.real("train.decayFactor"),
                        c.real("train.minLearningRate"), c.longInteger("train.warmupSteps"),
                        scaling.learningRateFactor(partitions), c.real("train.scalingWarmupEpochs")),
                new Averaging(new AveragingPeriod(scaling.averagingFrequencyFor(partitions),
                        c.integer("averaging.earlyFrequency"), c.real("averaging.earlyEpochs")), outer(c),
                        "average".equals(c.get("averaging.optimizerState")),
                        RoundExchange.Mode.parse(c.get("averaging.exchange"))),
                new Divergence(c.real("train.divergenceLoss"), c.integer("train.divergenceRetries"),
                        c.real("train.divergenceLearningRateFactor")),
                new Cadence(c.integer("checkpoint.every"), c.integer("eval.validationEvery"),
                        c.integer("eval.batchSize")),
                new ModelSelection.Settings("best".equals(c.get("train.keep")),
                        "accuracy".equals(c.get("train.selectBy")), c.integer("train.earlyStopping.patience")));
    }

    /** How the partition count changes each replica's minibatch, averaging period and rate. */
    public static ReplicaScaling scaling(Config c) {
        return new ReplicaScaling(c.integer("train.batchSize"), c.integer("train.globalBatchLimit"),
                c.integer("train.averagingFrequency"), c.integer("train.averagingExamples"),
                ReplicaScaling.Rule.valueOf(upper(c.get("train.learningRateScaling"))));
    }

    /** The learning rate of every global step of a run of {@code stepsPerEpoch} minibatches an epoch. */
    public LearningRateSchedule schedule(int stepsPerEpoch) {
        return rates.schedule((long) epochs.total() * stepsPerEpoch, stepsPerEpoch);
    }

    /** The same settings for one process on one thread ({@code stepsPerEpoch} minibatches an epoch). */
    public TrainingSettings singleProcess(int stepsPerEpoch) {
        return new TrainingSettings(epochs, steps.batchSize(), steps.optimizer(), schedule(stepsPerEpoch),
                steps.clipNorm(), steps.seed(), selection, divergence.loss(), steps.carryState());
    }

    /** Minibatches an epoch: those of the largest partition, the others' last rounds being shorter. */
    public int batchesPerEpoch(int[] partitionSizes) {
        int most = 0;
        for (int size : partitionSizes) {
            most = Math.max(most, (size + steps.batchSize() - 1) / steps.batchSize());
        }
        return most;
    }

    /**
     * Why a training of {@code batchesPerEpoch} minibatches an epoch is too small for its partitions to average
     * well, or empty: fewer than {@value #FEW_ROUNDS} rounds an epoch, or fewer than {@value #FEW_STEPS} steps for
     * each replica in all. Nothing is wrong in the math, but replicas that take this few steps between averagings,
     * or in all, learn less than one replica would on the same data.
     */
    public Optional<String> smallRunWarning(int batchesPerEpoch) {
        long rounds = averaging.period().roundsLeft(0, 0, 1, batchesPerEpoch);
        long steps = (long) epochs.toRun() * batchesPerEpoch;
        if (partitions < 2 || rounds >= FEW_ROUNDS && steps >= FEW_STEPS) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "a small run for %d partitions: %d round%s an epoch and %d "
                        + "steps for each replica in all (%d epoch%s of %d minibatches); averaged replicas this few "
                        + "steps apart learn less than one would: train more epochs (train.epochs) or on fewer "
                        + "partitions (train.workers)%s", partitions, rounds, rounds == 1 ? "" : "s", steps,
                epochs.toRun(), epochs.toRun() == 1 ? "" : "s", batchesPerEpoch,
                rounds < FEW_ROUNDS ? ", or average more often (train.averagingExamples)" : ""));
    }

    static final int FEW_ROUNDS = 4;
    static final int FEW_STEPS = 100;

    private static OptimizerConfig optimizer(Config c) {
        return new OptimizerConfig(OptimizerConfig.Kind.parse(c.get("train.optimizer")), c.real("train.momentum"),
                c.real("train.beta1"), c.real("train.beta2"), c.real("train.epsilon"), c.real("train.rmsDecay"));
    }

    private static OuterOptimizer.Settings outer(Config c) {
        return new OuterOptimizer.Settings(OuterOptimizer.Method.valueOf(upper(c.get("averaging.method"))),
                c.real("averaging.blockMomentum"), c.real("averaging.blockLearningRate"),
                c.real("averaging.serverLearningRate"), c.real("averaging.serverBeta1"),
                c.real("averaging.serverBeta2"), c.real("averaging.serverEpsilon"));
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
