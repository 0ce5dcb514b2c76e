package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.distributed.data.CachedData;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.training.MetricRecords;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.Evaluation;
import io.github.sparklstm.train.StepStats;
import io.github.sparklstm.train.Trainer;
import io.github.sparklstm.train.TrainingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The same configuration trained in this JVM on one thread: the baseline to compare a distributed run against,
 * with the same run directory (metrics per epoch, summary, curves, model; no checkpoints). Spark only reads the
 * data, as one partition brought to this JVM, so the examples, their order and the input statistics are those of a
 * distributed run with one worker.
 */
public final class SingleProcessRun {

    private SingleProcessRun() {
    }

    /** The sets of a one-partition load, in this JVM: what single-process training reads. */
    public record LocalData(SequenceSet train, SequenceSet test, SequenceSet validation, SequenceFormat format,
                     ClassLabels labels, double loadSeconds, String described, String fingerprint)
            implements java.io.Serializable {
    }

    public static int run(SparkSession spark, Config config, PrintStream out) throws IOException {
        if (config.resume()) {
            throw new ConfigException("resume=true: a single-process run keeps no checkpoints to resume from");
        }
        HadoopStore output = HadoopStore.at(config.output(), spark.sparkContext().hadoopConfiguration());
        boolean overwrite = config.flag("output.overwrite");
        DataCatalog plan = null;
        if (config.resumeAuto()) {
            // A single-process run keeps no checkpoints: a retry finds the run finished or starts it again.
            plan = DataCatalog.of(spark, DataSettings.of(config));
            RetryDecision decision = RetryDecision.of(output, config.with("train.workers", "1"),
                    false, plan.fingerprint());
            out.println("resume=auto: " + (decision.resume() ? "a single-process run cannot resume: a fresh start"
                    : decision.reason()));
            if (decision.finished() != null) {
                return QualityGate.exitCode(decision.finished());
            }
            overwrite = true;
        }
        try (RunDirectory run = RunDirectory.prepare(output, false, overwrite)) {
            if (plan == null) {
                plan = DataCatalog.of(spark, DataSettings.of(config));
            }
            try (CachedData data = plan.load(1)) {
                return QualityGate.exitCode(train(config.with("train.workers", "1"), new LocalData(
                        data.collectTrain(), data.collectTest(), data.collectValidation(), data.format(),
                        data.labels(), data.loadSeconds(), plan.describeTrain(), plan.fingerprint()), run,
                        out));
            }
        }
    }

    /** Trains {@code config} on one thread over {@code data} into {@code run}; returns the run's summary. */
    public static ObjectNode train(Config config, LocalData data, RunDirectory run, PrintStream out)
            throws IOException {
        SequenceSet train = data.train();
        SequenceSet test = data.test();
        SequenceSet validation = data.validation();
        run.begin(config, data.fingerprint(), 0);
        ComputeThreads.limit(1);
        RunSettings one = RunSettings.of(config, 1);
        ModelSpec spec = Tasks.spec(one.architecture(), config, data.format(), data.labels());
        TrainingSettings settings = one.singleProcess(EpochOrder.batchesPerEpoch(train.size(),
                one.steps().batchSize()));
        out.printf("spark-lstm (single process): %s -> %s (%d train / %d test examples)%n", data.described(),
                run.location(), train.size(), test.size());
        long start = System.nanoTime();
        long[] examples = {0};
        double[] trainSeconds = {0};
        Trainer.Result result = Trainer.train(spec, data.format().scaling(), train, test, validation, settings,
                new Trainer.Listener() {
                    @Override
                    public void onValidation(int epoch, Evaluation checked, long globalStep) {
                        try {
                            run.addMetric(MetricRecords.validation(epoch, null, globalStep, checked,
                                    (System.nanoTime() - start) / 1e9));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        out.printf(Locale.ROOT, "epoch %d/%d: validation %s  loss %.4f%n", epoch + 1,
                                settings.epochs().total(), checked.forecast() != null
                                ? RunListener.forecastFigures(checked.forecast())
                                : String.format(Locale.ROOT, "accuracy %.2f%%", 100 * checked.accuracy()),
                                checked.meanLoss());
                    }

                    @Override
                    public void onEpoch(int epoch, StepStats training, Evaluation evaluation, long globalStep) {
                        examples[0] += training.examples();
                        trainSeconds[0] += training.computeNanos() / 1e9;
                        record(run, epoch, training, evaluation, globalStep, start);
                        out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f%s  %,.0f ex/s  | %s  loss %.4f%n",
                                epoch + 1, settings.epochs().total(), training.meanLoss(), spec.regresses() ? ""
                                        : String.format(Locale.ROOT, "  acc %.2f%%", 100 * training.accuracy()),
                                training.examples() / (training.computeNanos() / 1e9), Tasks.result(evaluation),
                                evaluation.meanLoss());
                    }
                });
        double wall = (System.nanoTime() - start) / 1e9;
        Evaluation kept = validation == null ? null
                : Evaluation.of(result.replica().model(), validation, data.format().scaling());
        ObjectNode summary = Summaries.withSelection(Summaries.ofRun(result.test(), data.labels(), result.epochs(),
                null, result.steps(), wall, data.loadSeconds(), trainSeconds[0], examples[0], 0),
                config.get("train.keep"), kept, result.bestEpoch(), result.stopReason());
        return DistributedRun.finish(config, run, Tasks.model(spec, data.format(), data.labels(), result.kept(), config),
                result.test(), summary, "spark-lstm, single process", wall, out);
    }

    private static void record(RunDirectory run, int epoch, StepStats training, Evaluation test, long step,
                               long start) {
        try {
            ObjectNode m = RunDirectory.JSON.createObjectNode();
            m.put("type", "epoch");
            m.put("epoch", epoch + 1);
            m.put("epoch_progress", epoch + 1.0);
            m.put("step", step);
            m.put("train_loss", training.meanLoss());
            if (test.forecast() == null) {
                m.put("train_accuracy", training.accuracy());
            }
            m.put("examples", training.examples());
            m.put("examples_per_s", training.examples() / (training.computeNanos() / 1e9));
            run.addMetric(m);
            run.addMetric(MetricRecords.evaluation(epoch, null, step, test, (System.nanoTime() - start) / 1e9));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
