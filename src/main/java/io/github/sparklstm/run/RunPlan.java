package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.rounds.ResultLimits;
import io.github.sparklstm.distributed.rounds.RoundCost;
import io.github.sparklstm.distributed.rounds.RoundExchange;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.optim.ReplicaScaling;
import io.github.sparklstm.train.Calibration;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --plan}: what a training will do and cost, before it spends anything: the partitions, minibatches and
 * rounds of an epoch, the bytes a round moves, the memory a task needs, and the time per epoch predicted from a
 * measured compute rate and a measured fixed cost per round, for this worker count beside 1, 2, 4, ... workers.
 *
 * <p>The model of time: a partition trains its minibatches at the calibrated one-thread rate; partitions beyond
 * the task slots run in waves (in local mode, one task per slot trains its partitions in turn: the same time);
 * every round adds the fixed cost, which grows linearly with the partitions (fitted
 * to empty rounds on 1 partition and on this run's count), and through the driver endpoint each epoch adds the
 * start of its round tasks once; the test evaluation after each epoch runs forward only (a third of a training
 * step's work) on all slots. The first rounds of a fresh JVM run slower (compilation); the plan leaves that out.
 */
public record RunPlan(long trainExamples, long testExamples, int workers, int slots, boolean local, int batch,
               int frequency, int epochs, ModelSpec spec, int steps, int bytesPerValue, int parameters,
               int optimizerValues, double examplesPerSecond, double fixedMillisOne, int probedPartitions,
               double fixedMillisProbed, double segmentMillis, String exchange, List<String> failures,
               Config config) {

    /* Classes are counted from the data only when training; the head is a small share of the model's cost. */
    private static final int ASSUMED_CLASSES = 10;

    /**
     * Measures what the plan needs (the data's counts and shape from their metadata, the engine's rate on this
     * JVM, empty rounds on the cluster) and prints it, as text or JSON. Nothing is trained, no data are read into
     * the executors and the output directory is not touched.
     */
    public static int print(SparkSession spark, Config config, PrintStream out, boolean asJson) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slots = sc.defaultParallelism();
        int workers = config.integer("train.workers") > 0 ? config.integer("train.workers") : slots;
        DataCatalog data = DataCatalog.of(spark, DataSettings.of(config));
        long count = data.trainCount();
        long train = count - Math.round(config.real("data.validationFraction") * count);
        if (workers > train) {
            throw new ConfigException("train.workers=" + workers + ": more partitions than the " + train
                    + " training examples");
        }
        int[] shape = data.shape();
        int classes = config.integer("model.classes") > 0 ? config.integer("model.classes") : ASSUMED_CLASSES;
        RunSettings settings = RunSettings.of(config, workers);
        var forecast = DataSettings.of(config).forecast();
        ModelSpec spec = forecast == null ? settings.architecture().spec(shape[1], classes)
                : settings.architecture().forecaster(shape[1], forecast.windows().outputs(forecast.valueCols().size()),
                RunSettings.regressionLoss(config));
        int parameters = ParameterLayout.of(spec).size();
        int optimizerValues = Optimizer.of(settings.steps().optimizer())
                .newState(ParameterLayout.of(spec), Precision.FLOAT32).toFloatArray().length;
        int batch = settings.steps().batchSize();
        double rate = Calibration.trainingRate(spec, shape[0], batch, settings.steps().optimizer(), 2.0);
        int probed = Math.max(2, workers);
        boolean averaged = settings.averaging().averageOptimizerState();
        long values = (long) parameters + (averaged ? optimizerValues : 0);
        List<String> failures = new java.util.ArrayList<>(ResultLimits.problems(sc.getConf(), workers, values));
        RoundCost.Exchange rounds;
        try {
            rounds = RoundCost.exchange(sc, settings.averaging().exchange(), workers,
                    config.real("data.validationFraction") > 0, 4 * values);
        } catch (ConfigException e) {
            failures.add(e.getMessage());
            rounds = new RoundCost.Exchange(RoundExchange.Mode.JOBS, "(refused, see below)");
        }
        // Both probes through the exchange this run gets.
        double one = RoundCost.measure(sc, rounds.mode(), 1, parameters, optimizerValues, 5).roundMillis();
        RoundCost.Cost many = RoundCost.measure(sc, rounds.mode(), probed, parameters, optimizerValues, 5);
        RunPlan plan = new RunPlan(train, data.testCount(), workers, slots, sc.isLocal(), batch,
                settings.averaging().period().frequency(), config.integer("train.epochs"), spec, shape[0],
                shape[2], parameters, optimizerValues, rate, one, probed, many.roundMillis(), many.segmentMillis(),
                rounds.description(), failures, config);
        if (asJson) {
            var json = plan.json();
            json.put("classes_assumed", forecast == null && config.integer("model.classes") == 0);
            out.println(json);
        } else {
            out.print(plan.text());
            if (forecast == null && config.integer("model.classes") == 0) {
                out.println("  (the plan assumes " + ASSUMED_CLASSES + " classes; training counts them from the "
                        + "data, or set model.classes)");
            }
        }
        return 0;
    }

    /** One epoch on {@code workers} partitions. */
    record Epoch(int workers, long partitionMax, int batchesPerEpoch, int rounds, int waves, double computeSeconds,
                 double fixedSeconds, double evaluationSeconds) {
        double seconds() {
            return computeSeconds + fixedSeconds + evaluationSeconds;
        }
    }

    private ReplicaScaling scaling() {
        return RunSettings.scaling(config);
    }

    /** One epoch on {@code w} partitions, with the minibatch and averaging period the settings give them. */
    Epoch epoch(int w) {
        long partitionMax = (trainExamples + w - 1) / w;
        int batch = scaling().batchSizeFor(w);
        int frequency = scaling().averagingFrequencyFor(w);
        int batchesPerEpoch = (int) ((partitionMax + batch - 1) / batch);
        int rounds = (batchesPerEpoch + frequency - 1) / frequency;
        int waves = (w + slots - 1) / slots;
        double compute = (double) waves * batchesPerEpoch * batch / examplesPerSecond;
        double evaluation = testExamples / 3.0 / (examplesPerSecond * Math.min(w, slots));
        return new Epoch(w, partitionMax, batchesPerEpoch, rounds, waves, compute,
                (rounds * fixedMillis(w) + segmentMillis) / 1000, evaluation);
    }

    /** The fixed cost of a round on {@code w} partitions: a + b·w through the two measured points. */
    double fixedMillis(int w) {
        double perPartition = probedPartitions > 1
                ? Math.max(0, (fixedMillisProbed - fixedMillisOne) / (probedPartitions - 1)) : 0;
        return fixedMillisOne + perPartition * (w - 1);
    }

    /** 1, 2, 4, ... up to at least twice the slots and this run's count, within one minibatch per partition. */
    List<Integer> workerCounts() {
        List<Integer> counts = new ArrayList<>();
        long most = Math.max(1, trainExamples / batch);
        for (int w = 1; w <= Math.max(2L * slots, workers) && w <= most; w *= 2) {
            counts.add(w);
        }
        if (!counts.contains(workers)) {
            counts.add(workers);
            counts.sort(Integer::compare);
        }
        return counts;
    }

    /** The most workers worth having: doubling beyond them saves less than a tenth of an epoch's time. */
    int paysOffUpTo() {
        int best = 1;
        for (int w = 2; w <= 1 << 20 && w <= trainExamples / batch; w *= 2) {
            if (epoch(w).seconds() > 0.9 * epoch(best).seconds()) {
                break;
            }
            best = w;
        }
        return best;
    }

    /** Values a round moves each way: the parameters, and the optimizer state when it is averaged. */
    long movedValues() {
        return parameters + ("average".equals(config.get("averaging.optimizerState")) ? optimizerValues : 0L);
    }

    long broadcastBytes() {
        return 4L * movedValues();
    }

    /** What the partitions send back: their moved values as double sums. */
    long resultBytes() {
        return 8L * workers * movedValues();
    }

    /** A task's arrays: the broadcast, the replica's parameters, gradients and state, and its result. */
    long stateBytesPerTask() {
        return broadcastBytes() + 4L * (2L * parameters + optimizerValues) + 8L * movedValues();
    }

    /** The forward pass's saved activations for a minibatch (gates, cell and hidden states of every step). */
    long activationBytesPerTask() {
        return 4L * steps * batch * ((long) spec.layers() * 12 * spec.hiddenSize() + spec.inputSize());
    }

    /** The cached shard of the largest partition. */
    long shardBytes() {
        return epoch(workers).partitionMax() * ((long) steps * spec.batchFeatures() * bytesPerValue + 4);
    }

    /** Settings that will not do what their names suggest with this data and worker count. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        Epoch e = epoch(workers);
        if (frequency > e.batchesPerEpoch()) {
            String setting = config.integer("train.averagingFrequency") > 0 ? "train.averagingFrequency=" + frequency
                    : "averaging every " + frequency + " minibatches (train.averagingExamples)";
            warnings.add(String.format(Locale.ROOT, "%s is more than the %d minibatches a partition has per "
                    + "epoch: the replicas are averaged once per epoch, every %d minibatches", setting,
                    e.batchesPerEpoch(), e.batchesPerEpoch()));
        }
        RunSettings.of(config, workers).smallRunWarning(e.batchesPerEpoch()).ifPresent(warnings::add);
        if (workers > slots) {
            String turns = local ? String.format(Locale.ROOT, "in local mode each round's %d tasks train up to %d "
                    + "partitions each", slots, e.waves()) : "each round runs in " + e.waves() + " waves of tasks";
            warnings.add(String.format(Locale.ROOT, "train.workers=%d is more than the %d task slots: %s, one "
                    + "after the other", workers, slots, turns));
        }
        long totalSteps = (long) epochs * e.batchesPerEpoch();
        long warmup = config.longInteger("train.warmupSteps");
        if (warmup >= e.batchesPerEpoch()) {
            warnings.add(String.format(Locale.ROOT, "train.warmupSteps=%d is %s: steps count minibatches per "
                    + "partition, %d per epoch here", warmup, warmup >= totalSteps ? "longer than the whole run"
                    : "longer than an epoch", e.batchesPerEpoch()));
        }
        if ("step".equals(config.get("train.schedule"))) {
            double decays = (double) e.batchesPerEpoch() / config.longInteger("train.decaySteps");
            if (Math.pow(config.real("train.decayFactor"), decays) < 0.01) {
                warnings.add(String.format(Locale.ROOT, "train.schedule=step takes the learning rate below 1%% of "
                        + "train.learningRate within the first epoch (%d minibatches, a decay every %d)",
                        e.batchesPerEpoch(), config.longInteger("train.decaySteps")));
            }
        }
        return warnings;
    }

    String text() {
        Epoch e = epoch(workers);
        StringBuilder s = new StringBuilder();
        line(s, "plan: %,d training and %,d test examples on %d partitions (%d task slots), minibatches of %d, "
                + "averaging every %d, %d epochs", trainExamples, testExamples, workers, slots, batch, frequency,
                epochs);
        line(s, "  an epoch: at most %,d examples and %d minibatches per partition, %d rounds (= averagings)",
                e.partitionMax(), e.batchesPerEpoch(), e.rounds());
        double factor = scaling().learningRateFactor(workers);
        if (factor != 1) {
            line(s, "  learning rate: %s x %.2f = %.4g at its peak (train.learningRateScaling=%s), reached over "
                    + "%s epoch(s)", config.get("train.learningRate"), factor, config.real("train.learningRate")
                    * factor, config.get("train.learningRateScaling"), config.get("train.scalingWarmupEpochs"));
        }
        if (config.integer("averaging.earlyFrequency") > 0 && config.real("averaging.earlyEpochs") > 0) {
            line(s, "  the first %s epoch(s) average every %d minibatches (averaging.earlyFrequency)",
                    config.get("averaging.earlyEpochs"), config.integer("averaging.earlyFrequency"));
        }
        line(s, "  model: %d x %d LSTM units, %,d parameters; the optimizer keeps %,d values more", spec.layers(),
                spec.hiddenSize(), parameters, optimizerValues);
        line(s, "  a round moves: the broadcast, %s (to each executor once), and the results, %d x %s", mb(
                broadcastBytes()), workers, mb(resultBytes() / workers));
        line(s, "  rounds travel: %s", exchange);
        line(s, "  a task holds about %s: parameters, gradients, optimizer state and result %s, activations %s, "
                + "its cached shard %s", mb(stateBytesPerTask() + activationBytesPerTask() + shardBytes()),
                mb(stateBytesPerTask()), mb(activationBytesPerTask()), mb(shardBytes()));
        line(s, "  measured: %,.0f training examples/s on one thread; an empty round %.0f ms on 1 partition, "
                + "%.0f ms on %d%s", examplesPerSecond, fixedMillisOne, fixedMillisProbed, probedPartitions,
                segmentMillis > 0 ? String.format(Locale.ROOT, "; starting the round tasks %.0f ms once an epoch",
                        segmentMillis) : "");
        line(s, "  predicted time per epoch (rounds and the test evaluation):");
        line(s, "    %8s %10s %8s %10s %10s %10s", "workers", "rounds", "waves", "compute", "fixed", "epoch");
        for (int w : workerCounts()) {
            Epoch p = epoch(w);
            line(s, "    %8d %10d %8d %9.1fs %9.1fs %9.1fs%s", w, p.rounds(), p.waves(), p.computeSeconds(),
                    p.fixedSeconds(), p.seconds(), w == workers ? "  <- this run" : "");
        }
        line(s, "  more workers stop paying off beyond %d here (doubling them saves less than a tenth of an "
                + "epoch)", paysOffUpTo());
        line(s, "  predicted run: %s for %d epochs", RunListener.duration(e.seconds() * epochs), epochs);
        for (String warning : warnings()) {
            line(s, "warning: %s", warning);
        }
        for (String failure : failures) {
            line(s, "will fail: %s", failure);
        }
        return s.toString();
    }

    ObjectNode json() {
        Epoch e = epoch(workers);
        ObjectNode m = RunDirectory.JSON.createObjectNode();
        m.put("train_examples", trainExamples);
        m.put("test_examples", testExamples);
        m.put("partitions", workers);
        m.put("task_slots", slots);
        m.put("partition_examples_max", e.partitionMax());
        m.put("minibatches_per_partition_per_epoch", e.batchesPerEpoch());
        m.put("rounds_per_epoch", e.rounds());
        m.put("parameters", parameters);
        m.put("optimizer_values", optimizerValues);
        m.put("broadcast_bytes_per_round", broadcastBytes());
        m.put("exchange", exchange);
        m.put("result_bytes_per_round", resultBytes());
        m.put("task_state_bytes", stateBytesPerTask());
        m.put("task_activation_bytes", activationBytesPerTask());
        m.put("task_shard_bytes", shardBytes());
        m.put("examples_per_s_one_thread", examplesPerSecond);
        m.put("empty_round_ms_one_partition", fixedMillisOne);
        m.put("empty_round_ms_probed", fixedMillisProbed);
        m.put("probed_partitions", probedPartitions);
        m.put("round_tasks_start_ms", segmentMillis);
        m.put("epoch_s", e.seconds());
        m.put("epoch_rounds_s", e.computeSeconds() + e.fixedSeconds());
        m.put("run_s", e.seconds() * epochs);
        ArrayNode table = m.putArray("by_workers");
        for (int w : workerCounts()) {
            Epoch p = epoch(w);
            ObjectNode row = table.addObject();
            row.put("workers", w);
            row.put("rounds_per_epoch", p.rounds());
            row.put("waves", p.waves());
            row.put("compute_s", p.computeSeconds());
            row.put("fixed_s", p.fixedSeconds());
            row.put("evaluation_s", p.evaluationSeconds());
            row.put("epoch_s", p.seconds());
        }
        m.put("pays_off_up_to", paysOffUpTo());
        warnings().forEach(m.putArray("warnings")::add);
        failures.forEach(m.putArray("will_fail")::add);
        return m;
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
