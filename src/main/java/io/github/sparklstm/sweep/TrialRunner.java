package io.github.sparklstm.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.data.HadoopConf;
import io.github.sparklstm.run.DistributedRun;
import io.github.sparklstm.run.Failures;
import io.github.sparklstm.run.RunDirectory;
import io.github.sparklstm.run.SingleProcessRun;
import io.github.sparklstm.storage.HadoopStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * How a sweep's trials run. {@code tasks}: each trial trains on one thread inside one Spark task, the data read
 * once into one cached partition that every task reads; as many trials at once as the cluster has task slots
 * (right for models that fit a core). {@code distributed}: each trial is a distributed training like the job's,
 * {@code parallel} at a time from driver threads, sharing the cached data (right for big models; unfinished
 * trials resume from their checkpoints). A trial that fails is a result with its error, not a failed sweep.
 */
public final class TrialRunner {

    /** A trial to run: its name, its full configuration, and the epochs it must have reached to count as done. */
    public record Run(String name, Config config, int budget) {
    }

    /**
     * What a trial left: its status, its summary (null if it failed), its error, and the seconds it took from its
     * start to its last file (NaN when an earlier invocation ran it).
     */
    public record Outcome(String name, String status, JsonNode summary, String error, double seconds) {
    }

    private TrialRunner() {
    }

    /** Whether a trial's directory already holds a result that covers {@code budget} epochs (0: all). */
    static boolean finished(HadoopStore dir, Config config, int budget) throws IOException {
        if (!dir.exists(RunDirectory.SUMMARY)) {
            return false;
        }
        JsonNode summary = RunDirectory.JSON.readTree(dir.readAll(RunDirectory.SUMMARY));
        int needed = budget > 0 ? budget : config.integer("train.epochs");
        return summary.path("epochs").asInt() >= needed || !summary.path("stop_reason").isNull();
    }

    static Outcome done(String name, HadoopStore dir) throws IOException {
        JsonNode summary = RunDirectory.JSON.readTree(dir.readAll(RunDirectory.SUMMARY));
        return new Outcome(name, summary.path("stop_reason").isNull() ? "done" : "stopped early", summary, "",
                Double.NaN);
    }

    public static List<Outcome> distributed(SparkSession spark, List<Run> runs, int parallel, PrintStream console,
                                     DoubleAdder loading) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, parallel));
        try (DistributedRun.DataCache cache = new DistributedRun.DataCache(loading)) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Run run : runs) {
                futures.add(threads.submit(() -> distributedTrial(spark, run, cache, console)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Outcome distributedTrial(SparkSession spark, Run run, DistributedRun.DataCache cache,
                                            PrintStream console) throws IOException {
        HadoopStore dir = HadoopStore.at(run.config().output(), spark.sparkContext().hadoopConfiguration());
        if (finished(dir, run.config(), run.budget())) {
            return done(run.name(), dir);
        }
        boolean resume = dir.exists("checkpoints") && !dir.resolve("checkpoints").list().isEmpty();
        Config config = resume ? run.config().with("resume", "true") : run.config().with("output.overwrite", "true");
        console.println("sweep: " + run.name() + (resume ? " resumes" : " starts"));
        long start = System.nanoTime();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            ObjectNode summary = DistributedRun.distributed(spark, config, out, cache);
            return finish(run.name(), dir, log, summary, null, console, start);
        } catch (Exception e) {
            return finish(run.name(), dir, log, null, Failures.oneLine(e), console, start);
        }
    }

    private static Outcome finish(String name, HadoopStore dir, ByteArrayOutputStream log, JsonNode summary,
                                  String error, PrintStream console, long start) throws IOException {
        dir.mkdirs();
        byte[] text = log.toByteArray();
        dir.writeAtomically(RunDirectory.CONSOLE, out -> out.write(text));
        String status = summary == null ? "failed" : summary.path("stop_reason").isNull() ? "done" : "stopped early";
        console.println("sweep: " + name + " " + status + (error == null ? "" : ": " + error));
        return new Outcome(name, status, summary, error == null ? "" : error, (System.nanoTime() - start) / 1e9);
    }

    /** The tasks mode: all {@code runs} read the same data (the caller groups them so). */
    public static List<Outcome> tasks(SparkSession spark, List<Run> runs, PrintStream console, DoubleAdder loading)
            throws IOException {
        Config first = runs.get(0).config();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Outcome> outcomes = new ArrayList<>();
        try {
            return tasks(spark, sc, DataCatalog.of(spark, DataSettings.of(first)), runs, console, outcomes, loading);
        } catch (Exception e) {
            // The data these trials share cannot be read: each is a failed trial, not a failed sweep.
            String error = Failures.oneLine(e);
            for (Run run : runs) {
                if (outcomes.stream().noneMatch(o -> o.name().equals(run.name()))) {
                    outcomes.add(new Outcome(run.name(), "failed", null, error, Double.NaN));
                    console.println("sweep: " + run.name() + " failed: " + error);
                }
            }
            return outcomes;
        }
    }

    private static List<Outcome> tasks(SparkSession spark, JavaSparkContext sc, DataCatalog plan, List<Run> runs,
                                       PrintStream console, List<Outcome> outcomes, DoubleAdder loading)
            throws IOException {
        List<Tuple2<String, String>> pending = new ArrayList<>();
        for (Run run : runs) {
            HadoopStore dir = HadoopStore.at(run.config().output(), sc.hadoopConfiguration());
            if (finished(dir, run.config(), run.budget())) {
                outcomes.add(done(run.name(), dir));
            } else {
                pending.add(new Tuple2<>(run.name(), run.config().toProperties()));
            }
        }
        if (pending.isEmpty()) {
            return outcomes;
        }
        console.println("sweep: " + pending.size() + " trial(s) as Spark tasks, " + sc.defaultParallelism()
                + " at a time");
        try (CachedData data = plan.load(1)) {
            loading.add(data.loadSeconds());
            Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(sc.hadoopConfiguration()));
            try {
                List<String> results = data.together()
                        .cartesian(sc.parallelize(pending, pending.size()))
                        .map(new TaskTrial(conf, data.format(), data.labels(), data.loadSeconds(), plan.describeTrain()))
                        .collect();
                for (String result : results) {
                    JsonNode r = RunDirectory.JSON.readTree(result);
                    JsonNode summary = r.path("summary").isMissingNode() || r.path("summary").isNull() ? null
                            : r.path("summary");
                    Outcome outcome = new Outcome(r.path("name").asText(), r.path("status").asText(), summary,
                            r.path("error").asText(), r.path("seconds").asDouble());
                    console.println("sweep: " + outcome.name() + " " + outcome.status()
                            + (outcome.error().isEmpty() ? "" : ": " + outcome.error()));
                    outcomes.add(outcome);
                }
            } finally {
                conf.destroy();
            }
        }
        return outcomes;
    }

    /** The executor side of the tasks mode: one trial on one thread, its run directory written from the task. */
    static final class TaskTrial implements Function<Tuple2<SequenceSet[], Tuple2<String, String>>, String> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<HadoopConf> conf;
        private final SequenceFormat format;
        private final ClassLabels labels;
        private final double loadSeconds;
        private final String described;

        TaskTrial(Broadcast<HadoopConf> conf, SequenceFormat format, ClassLabels labels, double loadSeconds,
                  String described) {
            this.conf = conf;
            this.format = format;
            this.labels = labels;
            this.loadSeconds = loadSeconds;
            this.described = described;
        }

        @Override
        public String call(Tuple2<SequenceSet[], Tuple2<String, String>> work) throws IOException {
            SequenceSet[] sets = work._1();
            long start = System.nanoTime();
            String name = work._2()._1();
            Config config = Config.fromProperties(work._2()._2(), name);
            HadoopStore dir = HadoopStore.at(config.output(), conf.value().get());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ObjectNode result = RunDirectory.JSON.createObjectNode();
            result.put("name", name);
            try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
                 RunDirectory run = RunDirectory.prepare(dir, false, true)) {
                ObjectNode summary = SingleProcessRun.train(config, new SingleProcessRun.LocalData(sets[0], sets[1],
                        sets[2], format, labels, loadSeconds, described, ""), run, out);
                result.set("summary", summary);
                result.put("status", summary.path("stop_reason").isNull() ? "done" : "stopped early");
            } catch (Exception e) {
                result.put("status", "failed");
                result.put("error", Failures.oneLine(e));
            }
            dir.mkdirs();
            byte[] text = log.toByteArray();
            dir.writeAtomically(RunDirectory.CONSOLE, out -> out.write(text));
            result.put("seconds", (System.nanoTime() - start) / 1e9);
            return result.toString();
        }
    }
}
