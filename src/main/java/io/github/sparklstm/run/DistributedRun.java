package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.training.Checkpoint;
import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.distributed.training.DistributedTrainer;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One training on Spark into its run directory: what the job does, and what a sweep does for each trial. */
public final class DistributedRun {

    private DistributedRun() {
    }

    /**
     * Data read once for every training that asks for the same data on as many workers (a sweep's trials), cached
     * on the executors until closed.
     */
    public static final class DataCache implements AutoCloseable {
        private final Map<String, CachedData> loaded = new LinkedHashMap<>();
        private final java.util.concurrent.atomic.DoubleAdder loading;

        public DataCache() {
            this(new java.util.concurrent.atomic.DoubleAdder());
        }

        /** A cache that adds the seconds its loads take to {@code loading}. */
        public DataCache(java.util.concurrent.atomic.DoubleAdder loading) {
            this.loading = loading;
        }

        synchronized CachedData load(DataCatalog plan, DataSettings settings, int partitions) throws IOException {
            String key = settings + "/" + partitions;
            CachedData data = loaded.get(key);
            if (data == null) {
                data = plan.load(partitions);
                loading.add(data.loadSeconds());
                loaded.put(key, data);
            }
            return data;
        }

        @Override
        public synchronized void close() {
            loaded.values().forEach(CachedData::close);
            loaded.clear();
        }
    }

    /**
     * Trains {@code config} on Spark into its run directory (resuming when the config says so), with data from
     * {@code cache}; returns the run's summary.
     */
    public static ObjectNode distributed(SparkSession spark, Config config, PrintStream out, DataCache cache)
            throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var hadoop = sc.hadoopConfiguration();
        int partitions = config.integer("train.workers") > 0 ? config.integer("train.workers") : sc.defaultParallelism();
        config = config.with("train.workers", Integer.toString(partitions));
        HadoopStore output = HadoopStore.at(config.output(), hadoop);
        DataCatalog plan = null;
        if (config.resumeAuto()) {
            // The data are planned first here: a finished run counts as this one only on the same data.
            plan = plan(sc, spark, config);
            RetryDecision decision = RetryDecision.of(output, config, true,
                    plan.fingerprint());
            out.println("resume=auto: " + decision.reason());
            if (decision.finished() != null) {
                return decision.finished();
            }
            config = config.with("resume", decision.resume() ? "true" : "false")
                    .with("output.overwrite", decision.resume() ? config.get("output.overwrite") : "true");
        }
        try (RunDirectory run = RunDirectory.prepare(output, config.resume(), config.flag("output.overwrite"))) {
            return distributed(sc, spark, config, partitions, run, out, cache, plan != null ? plan
                    : plan(sc, spark, config));
        }
    }

    private static DataCatalog plan(JavaSparkContext sc, SparkSession spark, Config config) throws IOException {
        sc.setJobDescription("counting the data");
        return DataCatalog.of(spark, DataSettings.of(config));
    }

    private static ObjectNode distributed(JavaSparkContext sc, SparkSession spark, Config config, int partitions,
                                          RunDirectory run, PrintStream out, DataCache cache, DataCatalog plan)
            throws IOException {
        if (partitions > plan.trainCount()) {
            throw new ConfigException("train.workers=" + partitions + ": more partitions than the " + plan.trainCount()
                    + " training examples");
        }
        String fingerprint = plan.fingerprint();

        Checkpoints checkpoints = run.checkpoints(config.integer("checkpoint.keep"));
        Checkpoint resumeFrom = null;
        if (config.resume()) {
            Optional<Checkpoint> latest = checkpoints.latestGood(warning -> out.println("warning: " + warning));
            if (latest.isEmpty()) {
                throw new ConfigException("resume=true: no checkpoint in " + checkpoints.location());
            }
            resumeFrom = latest.get();
            List<String> differences = checkpoints.differences(resumeFrom, config, true);
            if (!differences.isEmpty()) {
                throw new ConfigException("resume: " + String.join(", ", differences) + " differs from the checkpoint "
                        + "of " + checkpoints.location() + "; resume with the same training settings");
            }
            if (resumeFrom.partitions() != partitions) {
                out.printf("warning: resuming on %d partitions a run checkpointed on %d: the examples are "
                        + "redistributed and the epoch continues at the same fraction; the result is no longer "
                        + "bit-identical to an uninterrupted run%n", partitions, resumeFrom.partitions());
            }
            for (String warning : checkUnchanged(resumeFrom.dataFingerprint(), fingerprint,
                    config.flag("resume.allowDataChange"), checkpoints.location())) {
                out.println("warning: " + warning);
            }
            run.keepMetricsUpTo(resumeFrom.round());
            out.printf("resuming %s from round %d (epoch %d, step %d)%n", config.output(), resumeFrom.round(),
                    resumeFrom.position().epoch() + 1, resumeFrom.position().step());
        }
        out.printf("spark-lstm: %s -> %s (%d train / %d test examples, %d workers)%n", plan.describeTrain(),
                run.location(), plan.trainCount(), plan.testCount(), partitions);

        long start = System.nanoTime();
        sc.setJobDescription("reading the data into " + partitions + " partitions");
        CachedData data = cache.load(plan, DataSettings.of(config), partitions);
        sc.setJobDescription(null);
        out.println(Tasks.dataLine(data.format(), data.labels(), data.loadSeconds(), plan.seriesCounts(), config));
        if (data.hasValidation()) {
            out.printf("validation: %d examples (training on %d)%n", data.validationExamples(),
                    data.trainExamples());
        }
        if (data.train().unlabelled() > 0) {
            out.printf("warning: %d of %d training sequences have no labelled step; they train nothing%n",
                    data.train().unlabelled(), data.trainExamples());
        }
        RunSettings settings = RunSettings.of(config, partitions);
        settings.smallRunWarning(settings.batchesPerEpoch(data.train().sizes()))
                .ifPresent(warning -> out.println("warning: " + warning));
        ModelSpec spec = Tasks.spec(settings.architecture(), config, data.format(), data.labels());
        RunListener listener = new RunListener(run, out, config.get("log.progress"), spec.regresses());
        DistributedTrainer trainer = new DistributedTrainer(sc, settings, listener);
        trainer.checkResultLimits(spec);
        out.println("rounds: " + trainer.exchangeOf(data, spec));
        // Only now: a run whose data or settings were refused leaves its output as empty as it found it.
        run.begin(config, fingerprint, resumeFrom == null ? 0 : resumeFrom.round());
        DistributedTrainer.Result result = trainer.run(spec, data, checkpoints, resumeFrom, config.toProperties(),
                fingerprint);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        ObjectNode summary = Summaries.withSelection(Summaries.ofRun(result.test(), data.labels(),
                result.epochs(), result.rounds(), result.globalStep(), wallSeconds, data.loadSeconds(),
                listener.trainSeconds(), listener.examples(), partitions), config.get("train.keep"),
                result.validation(), result.bestEpoch(), result.stopReason());
        Tasks.addSeries(summary, plan.seriesCounts());
        return finish(config, run, Tasks.model(spec, data.format(), data.labels(), result.parameters(), config),
                result.test(), summary, "spark-lstm, " + partitions + " workers", wallSeconds, out);
    }

    /**
     * {@code "type":"run"}, the first record of each process that trains into the run directory: what it runs
     * (a digest of the effective settings, the versions, the partitions) and from which round.
     */
    static ObjectNode runRecord(Config config, String dataFingerprint, long fromRound) {
        ObjectNode m = RunDirectory.JSON.createObjectNode();
        m.put("type", "run");
        m.put("round", fromRound);
        m.put("started", java.time.Instant.now().toString());
        m.put("config_sha256", config.digest());
        m.put("versions", Versions.describe());
        m.put("partitions", config.integer("train.workers"));
        m.put("data_fingerprint", dataFingerprint);
        m.put("resumed", fromRound > 0);
        return m;
    }

    /**
     * The end of a training, distributed or not: the quality gate decides where the model goes, then summary.json
     * (with the gate's outcome), curves.png and the console's last lines.
     */
    static ObjectNode finish(Config config, RunDirectory run, SavedModel model, Evaluation test, ObjectNode summary,
                             String title, double wallSeconds, PrintStream out) throws IOException {
        run.flushMetrics();
        QualityGate gate = QualityGate.of(config);
        List<String> misses = gate.misses(test);
        run.writeModel(model, !misses.isEmpty());
        if (gate.isSet()) {
            gate.addTo(summary, misses);
        }
        run.writeSummary(summary);
        run.writeCurves(Curves.fromMetrics(run.metricLines(), title));
        if (summary.hasNonNull("stop_reason")) {
            out.println("stopped: " + summary.path("stop_reason").asText());
        }
        out.printf("done: %s after %d epochs in %s; outputs in %s%n", Tasks.result(test),
                summary.path("epochs").asInt(), RunListener.duration(wallSeconds), run.location());
        if (!misses.isEmpty()) {
            out.println("gate: refused the model (" + String.join("; ", misses) + "); it is in "
                    + run.store().location(RunDirectory.REJECTED_MODEL));
        }
        return summary;
    }

    /**
     * Refuses to resume on data that differ from those the checkpoint was trained on, unless allowed; returns
     * warnings to print (an allowed change, or a checkpoint from before fingerprints).
     */
    private static List<String> checkUnchanged(String then, String now, boolean allowed, String checkpoint)
            throws InvalidDataException {
        List<String> warnings = new ArrayList<>();
        if (then.isEmpty()) {
            warnings.add(checkpoint + " records no data fingerprint; cannot check the data are unchanged");
            return warnings;
        }
        List<String> changes = DataFingerprint.changes(then, now);
        if (changes.isEmpty()) {
            return warnings;
        }
        String what = "the data differ from those the checkpoint was trained on: " + String.join("; ", changes);
        if (!allowed) {
            throw new InvalidDataException(checkpoint, what + " (set resume.allowDataChange=true to resume anyway)");
        }
        warnings.add(what + "; resuming anyway (resume.allowDataChange=true)");
        return warnings;
    }
}
