package io.github.sparklstm.distributed.training;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.Shard;
import io.github.sparklstm.distributed.data.ShardedData;
import io.github.sparklstm.distributed.rounds.EndpointRounds;
import io.github.sparklstm.distributed.rounds.OrderedSum;
import io.github.sparklstm.distributed.rounds.ResultLimits;
import io.github.sparklstm.distributed.rounds.Round;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.distributed.scoring.DistributedEvaluation;
import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.AveragingPeriod;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.optim.OuterOptimizer;
import io.github.sparklstm.optim.ReplicaDrift;
import io.github.sparklstm.train.Evaluation;
import io.github.sparklstm.train.ModelSelection;
import io.github.sparklstm.train.Position;
import io.github.sparklstm.train.TrainingDivergedException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's training loop. Each round broadcasts the parameters (and optimizer state), every partition trains
 * the averaging period's minibatches of its shard, and the example-weighted average of the replicas becomes the
 * next round's start. The driver owns the epoch, the position inside it and the global step; evaluates on the test
 * set after each epoch; checkpoints; and rolls a round back when it produces a non-finite loss or parameter. It
 * moves arrays and calls the engine; the arithmetic lives in {@code nn}, {@code optim} and {@code train}.
 */
public final class DistributedTrainer {

    /** Progress, for the console and metrics.jsonl. */
    public interface Listener {
        default void onStart(int partitions, int[] partitionSizes, int batchesPerEpoch, int roundsPerEpoch) {
        }

        default void onRound(RoundReport report) {
        }

        default void onEvaluation(int epoch, long round, long globalStep, Evaluation test) {
        }

        default void onValidation(int epoch, long round, long globalStep, Evaluation validation) {
        }

        default void onCheckpoint(long round, String location) {
        }

        default void onDivergence(long round, int attempt, double learningRateScale) {
        }

        /** averaging.exchange=auto changed how rounds travel from {@code round} (in 0-based {@code epoch}) on. */
        default void onExchange(long round, int epoch, String description) {
        }
    }

    /**
     * One committed round. Times in milliseconds; compute times are the partitions' own. {@code replicaDrift}: the
     * share of the replicas' movement that averaging cancelled ({@link ReplicaDrift}).
     */
    public record RoundReport(Position at, int epochs, int batchesPerEpoch, double trainLoss, double trainAccuracy,
                              long examples, double roundMillis, double computeMillisMax, double computeMillisMean,
                              double overheadMillis, double learningRate, double replicaDrift, RoundParts parts) {
        public long round() {
            return at.round();
        }

        public int epoch() {
            return at.epoch();
        }

        public int batchInEpoch() {
            return at.batchInEpoch();
        }

        public long globalStep() {
            return at.step();
        }
    }

    /**
     * Where a round's time went, in milliseconds: the driver broadcasting the round, the Spark job (tasks and
     * their results, summed as they arrive), and the driver averaging and committing after it; inside the job,
     * the slowest task's start-up (fetching the broadcasts, loading the replica) and its packing of the result.
     * What the job takes besides its slowest task's setup, compute and packing is Spark's: scheduling, (de)
     * serialising tasks and results, moving them. {@code sincePreviousMillis}: the driver's time between the
     * previous round's commit and this round's start (metrics, progress, checkpoints, and at the start of an epoch
     * the evaluation); negative for the first round of the process.
     */
    public record RoundParts(double broadcastMillis, double jobMillis, double averageMillis,
                             double taskSetupMillisMax, double taskPackMillisMax, double sincePreviousMillis) {
    }

    /**
     * The parameters kept (the last, or the best by validation) and their evaluations on the test and validation
     * sets (null where the data have none); rounds, steps and epochs trained; the epoch (0-based) and round of the
     * best validation (-1 without one); why training stopped early, or null.
     */
    public record Result(float[] parameters, Evaluation test, Evaluation validation, long rounds, long globalStep,
                         int epochs, int bestEpoch, long bestRound, String stopReason) {
    }

    private final JavaSparkContext sc;
    private final RunSettings settings;
    private final Listener listener;
    private final FaultInjection faults;
    private long totalRounds;
    private long previousCommit;

    public DistributedTrainer(JavaSparkContext sc, RunSettings settings, Listener listener) {
        this.sc = sc;
        this.settings = settings;
        this.listener = listener;
        this.faults = FaultInjection.from(sc.getConf());
    }

    /**
     * Trains {@code spec} on the cached training set of {@code data}, evaluating on its test set; continues from
     * {@code resumeFrom} when not null, saving to {@code checkpoints} when not null. {@code config} is stored in
     * each checkpoint, with {@code data}'s fingerprint.
     */
    public Result run(ModelSpec spec, CachedData data, Checkpoints checkpoints, Checkpoint resumeFrom,
                      String config, String dataFingerprint) throws IOException {
        ShardedData trainShards = data.train();
        ShardedData testShards = data.test();
        SequenceFormat format = data.format();
        if (trainShards.partitions() != settings.partitions()) {
            throw new IllegalArgumentException("the data are in " + trainShards.partitions()
                    + " partitions but the settings say " + settings.partitions());
        }
        int[] sizes = trainShards.sizes();
        int batchesPerEpoch = settings.batchesPerEpoch(sizes);
        checkResultLimits(spec);
        AveragingPeriod period = settings.averaging().period();
        listener.onStart(settings.partitions(), sizes, batchesPerEpoch,
                (int) period.roundsLeft(settings.epochs().total() - 1, 0, settings.epochs().total(), batchesPerEpoch));
        LearningRateSchedule schedule = settings.schedule(batchesPerEpoch);
        ReplicaSetup plan = new ReplicaSetup(spec, format, settings.steps(), schedule,
                settings.averaging().averageOptimizerState(), faults);
        Broadcast<ReplicaSetup> planBroadcast = sc.broadcast(plan);
        try (RoundExchange exchange = RoundExchange.open(sc, settings.averaging().exchange(),
                trainShards.rdd(), new RoundTask.Training(planBroadcast), roundBytes(spec),
                (first, description) -> listener.onExchange(first.round(), first.epoch(), description))) {
            State state = resumeFrom != null ? State.restore(resumeFrom, settings, batchesPerEpoch)
                    : State.fresh(spec, settings, batchesPerEpoch);
            // The rounds done plus those to come: after an elastic resume the epochs had other round counts.
            totalRounds = state.at.round() + period.roundsLeft(state.at.epoch(), state.at.batchInEpoch(),
                    settings.epochs().total(), batchesPerEpoch);
            return loop(state, exchange, testShards, data.validation(), batchesPerEpoch,
                    schedule, spec, format, checkpoints, new CheckpointTag(config, dataFingerprint));
        } finally {
            planBroadcast.destroy();
            sc.clearJobGroup();
        }
    }

    /**
     * Fails with a ConfigException naming the Spark setting to raise when the rounds' results of {@code spec}
     * would exceed one of Spark's limits (see {@link ResultLimits}).
     */
    public void checkResultLimits(ModelSpec spec) {
        List<String> limits = ResultLimits.problems(sc.getConf(), settings.partitions(), valuesPerReplica(spec));
        if (!limits.isEmpty()) {
            throw new io.github.sparklstm.config.ConfigException(String.join("; ", limits));
        }
    }

    /* The values a replica sends back: its parameters, and its optimizer state only when the state is averaged. */
    private long valuesPerReplica(ModelSpec spec) {
        ParameterLayout layout = ParameterLayout.of(spec);
        return (long) layout.size() + (settings.averaging().averageOptimizerState()
                ? Optimizer.of(settings.steps().optimizer()).newState(layout, Precision.FLOAT32).toFloatArray().length
                : 0);
    }

    /* A replica's parameters and optimizer state as they travel: float32. */
    private long roundBytes(ModelSpec spec) {
        return 4 * valuesPerReplica(spec);
    }

    /**
     * How the rounds of training {@code spec} on {@code data} travel, and why: for the run's first lines. A
     * ConfigException, before anything is trained, when averaging.exchange=endpoint is not possible.
     */
    public String exchangeOf(CachedData data, ModelSpec spec) {
        JavaRDD<Shard> partitions = data.train().rdd();
        return RoundExchange.choose(sc, settings.averaging().exchange(), partitions.getNumPartitions(),
                EndpointRounds.isView(partitions), roundBytes(spec)).description();
    }

    /* What the Spark UI shows for the jobs this thread starts next: a group per kind, a description per job. */
    private void describe(String group, String description) {
        sc.setJobGroup("spark-lstm " + group, description, false);
    }

    private Result loop(State s, RoundExchange exchange, ShardedData testShards,
                        ShardedData validationShards, int batchesPerEpoch, LearningRateSchedule schedule,
                        ModelSpec spec, SequenceFormat format, Checkpoints checkpoints, CheckpointTag tag)
            throws IOException {
        ModelSelection selection = new ModelSelection(settings.selection(), s.selection);
        int every = settings.cadence().validationEvery();
        Evaluation last = null;
        boolean stop = false;
        while (s.at.epoch() < settings.epochs().toRun() && !stop) {
            while (s.at.batchInEpoch() < batchesPerEpoch && !stop) {
                int batches = settings.averaging().period().batchesAt(s.at.epoch(), s.at.batchInEpoch(),
                        batchesPerEpoch);
                runRound(s, exchange, batches, batchesPerEpoch, schedule);
                boolean endOfEpoch = s.at.batchInEpoch() == batchesPerEpoch;
                if (validationShards != null && every > 0 && s.at.round() % every == 0 && !endOfEpoch) {
                    exchange.pause();
                    stop = validate(s, selection, spec, format, validationShards);
                }
                if (checkpoints != null && !endOfEpoch && (stop || settings.cadence().checkpointEvery() > 0
                        && s.at.round() % settings.cadence().checkpointEvery() == 0)) {
                    listener.onCheckpoint(s.at.round(), checkpoints.save(s.checkpoint(tag)));
                }
                if (!endOfEpoch) {
                    faults.afterRound(s.at.round());
                }
            }
            exchange.pause();
            if (testShards != null) {
                describe("evaluation", "test evaluation after epoch " + (s.at.epoch() + 1) + "/"
                        + settings.epochs().total());
                last = evaluate(spec, format, s.model(), testShards);
                listener.onEvaluation(s.at.epoch(), s.at.round(), s.at.step(), last);
            }
            if (validationShards != null && (every == 0 || s.at.round() % every == 0) && !stop) {
                stop = validate(s, selection, spec, format, validationShards);
            }
            s.at = s.at.nextEpoch();
            if (checkpoints != null) {
                listener.onCheckpoint(s.at.round(), checkpoints.save(s.checkpoint(tag)));
            }
            faults.afterRound(s.at.round());
        }
        float[] kept = selection.kept(s.model());
        describe("evaluation", "evaluation of the model kept ("
                + (settings.selection().keepBest() ? "best" : "last") + ")");
        if (testShards != null && (last == null || kept != s.model())) {
            last = evaluate(spec, format, kept, testShards);
        }
        Evaluation validation = validationShards == null ? null : evaluate(spec, format, kept, validationShards);
        return new Result(kept, last, validation, s.at.round(), s.at.step(), s.at.epoch(),
                validationShards == null ? -1 : selection.state().bestEpoch(), selection.state().bestRound(),
                selection.stopReason());
    }

    /* Validates the current model, offers it to the selection and keeps its state for checkpoints; true: stop. */
    private boolean validate(State s, ModelSelection selection, ModelSpec spec, SequenceFormat format,
                             ShardedData validationShards) {
        describe("evaluation", "validation after round " + s.at.round() + ", epoch " + (s.at.epoch() + 1) + "/"
                + settings.epochs().total());
        Evaluation validation = evaluate(spec, format, s.model(), validationShards);
        listener.onValidation(s.at.epoch(), s.at.round(), s.at.step(), validation);
        boolean stop = selection.offer(validation, s.model(), s.at.epoch(), s.at.round());
        s.selection = selection.state();
        return stop;
    }

    /** One round, retried with a lower learning rate while it diverges; commits it into {@code s}. */
    private void runRound(State s, RoundExchange exchange, int batches, int batchesPerEpoch,
                          LearningRateSchedule schedule) {
        double sincePrevious = previousCommit == 0 ? -1 : (System.nanoTime() - previousCommit) / 1e6;
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            Round round = new Round(s.at, batches, s.learningRateScale, s.broadcastParameters,
                    settings.averaging().averageOptimizerState() ? s.optimizerState : new float[0],
                    s.optimizerUpdates, attempt);
            describe("round", "round " + round.round() + "/" + totalRounds + ", epoch " + (s.at.epoch() + 1) + "/"
                    + settings.epochs().total() + (attempt > 0 ? ", retry " + attempt + " after divergence" : ""));
            RoundExchange.Outcome outcome = exchange.run(round);
            long exchanged = System.nanoTime();
            OrderedSum.Node total = outcome.total();
            double meanLoss = total.scored == 0 ? 0 : total.lossSum / total.scored;
            boolean exploded = total.diverged || total.examples() == 0 || !(meanLoss <= settings.divergence().loss());
            Averages averages = exploded ? null : Averages.of(total, s);
            if (averages == null || !averages.finite()) {
                if (attempt >= settings.divergence().retries()) {
                    throw new TrainingDivergedException("training diverged at round " + round.round() + " (epoch "
                            + (s.at.epoch() + 1) + "): loss above " + settings.divergence().loss()
                            + " or non-finite loss or parameters after " + (attempt + 1)
                            + " tries with the learning rate cut to " + s.learningRateScale + "x; last good "
                            + "parameters were kept and not saved as a result");
                }
                s.learningRateScale *= settings.divergence().learningRateFactor();
                listener.onDivergence(round.round(), attempt + 1, s.learningRateScale);
                continue;
            }
            double drift = ReplicaDrift.ofRound(total.weightedSquaredMovement, total.examples(),
                    averages.parameters(), s.broadcastParameters);
            s.commit(averages, total.batches, settings);
            long end = System.nanoTime();
            double roundMillis = (end - start) / 1e6;
            RoundParts parts = new RoundParts(outcome.sendNanos() / 1e6, outcome.waitNanos() / 1e6,
                    (end - exchanged) / 1e6, total.maxSetupNanos / 1e6, total.maxPackNanos / 1e6, sincePrevious);
            previousCommit = end;
            double computeMax = total.maxComputeNanos / 1e6;
            double computeMean = total.partitionsWithWork == 0 ? 0
                    : total.sumComputeNanos / 1e6 / total.partitionsWithWork;
            // With more partitions than task slots a round runs in waves; the critical path is at least the
            // busiest partition and at least the total work spread over all slots.
            double critical = Math.max(computeMax, total.sumComputeNanos / 1e6 / Math.max(1, slots()));
            listener.onRound(new RoundReport(s.at, settings.epochs().total(), batchesPerEpoch,
                    meanLoss, total.scored == 0 ? 0 : (double) total.correct / total.scored, total.examples(),
                    roundMillis, computeMax, computeMean, Math.max(0, roundMillis - critical),
                    schedule.rateAt(round.globalStep()) * round.learningRateScale(), drift, parts));
            return;
        }
    }

    private int slots() {
        return Math.min(settings.partitions(), sc.defaultParallelism());
    }

    private Evaluation evaluate(ModelSpec spec, SequenceFormat format, float[] parameters, ShardedData shards) {
        // A text read as streams is evaluated as it was trained: in as many streams as a minibatch has rows, each
        // long enough for its state to matter (eval.batchSize streams would cut a small test text into single windows).
        return DistributedEvaluation.evaluate(sc, spec, format.scaling(), parameters, shards,
                shards.contiguous() ? settings.steps().batchSize() : settings.cadence().evalBatchSize());
    }

    /** What every checkpoint of the run records besides its state: the configuration and the data it read. */
    private record CheckpointTag(String config, String dataFingerprint) {
    }

    /** The round's example-weighted means. */
    private record Averages(float[] parameters, float[] optimizerState) {
        static Averages of(OrderedSum.Node total, State s) {
            int p = s.broadcastParameters.length;
            int all = total.values.sums().length;
            return new Averages(total.values.mean(0, p), total.values.mean(p, all));
        }

        boolean finite() {
            for (float v : parameters) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            for (float v : optimizerState) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The driver's side of training: where it is, and the arrays the next round starts from. */
    private static final class State {
        Position at = Position.START;
        long optimizerUpdates;
        double learningRateScale = 1.0;
        float[] broadcastParameters;
        float[] optimizerState;
        OuterOptimizer outer;
        ModelSelection.State selection = ModelSelection.State.initial();
        final int partitions;
        final int batchesPerEpoch;

        private State(int partitions, int batchesPerEpoch) {
            this.partitions = partitions;
            this.batchesPerEpoch = batchesPerEpoch;
        }

        static State fresh(ModelSpec spec, RunSettings settings, int batchesPerEpoch) {
            ParameterLayout layout = ParameterLayout.of(spec);
            FlatBuffer init = FlatBuffer.zeros(layout, Precision.FLOAT32);
            Initialization.keras(init, spec, settings.steps().seed());
            State s = new State(settings.partitions(), batchesPerEpoch);
            s.broadcastParameters = init.toFloatArray();
            s.optimizerState = Optimizer.of(settings.steps().optimizer()).newState(layout, Precision.FLOAT32)
                    .toFloatArray();
            s.outer = settings.averaging().outer().fresh(s.broadcastParameters);
            return s;
        }

        /**
         * The state of checkpoint {@code c}. On another partition count (an elastic restart) an epoch has another
         * number of minibatches: the run continues at the same fraction of the epoch (the start of it for a
         * checkpoint that did not record its count), with the global step, and so the learning-rate schedule,
         * at the same fraction of the run.
         */
        static State restore(Checkpoint c, RunSettings settings, int batchesPerEpoch) {
            State s = new State(settings.partitions(), batchesPerEpoch);
            Position then = c.position();
            s.at = then;
            if (c.partitions() != settings.partitions()) {
                int batch = c.batchesPerEpoch() <= 0 ? 0
                        : (int) ((long) then.batchInEpoch() * batchesPerEpoch / c.batchesPerEpoch());
                s.at = new Position(then.round(), then.epoch(), batch, (long) then.epoch() * batchesPerEpoch + batch);
            }
            s.optimizerUpdates = c.optimizerUpdates();
            s.learningRateScale = c.learningRateScale();
            s.optimizerState = c.optimizerState();
            s.broadcastParameters = c.parameters();
            s.outer = settings.averaging().outer().restore(c.outerState(), c.parameters());
            s.selection = c.selection();
            return s;
        }

        void commit(Averages averages, int batches, RunSettings settings) {
            broadcastParameters = outer.update(averages.parameters(), broadcastParameters);
            if (settings.averaging().averageOptimizerState()) {
                optimizerState = averages.optimizerState();
                optimizerUpdates += batches;
            }
            at = at.after(batches);
        }

        /** The model as it stands: the outer optimizer's (BMUF's W(t) is not its look-ahead). */
        float[] model() {
            return outer.model(broadcastParameters);
        }

        Checkpoint checkpoint(CheckpointTag tag) {
            return new Checkpoint(at, optimizerUpdates, learningRateScale,
                    partitions, batchesPerEpoch, broadcastParameters, optimizerState,
                    outer.state(), tag.config(), tag.dataFingerprint(), selection);
        }
    }
}
