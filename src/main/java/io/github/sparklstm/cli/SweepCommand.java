package io.github.sparklstm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.run.RunDirectory;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.sweep.SweepReport;
import io.github.sparklstm.sweep.TrialRunner;
import io.github.sparklstm.sweep.Trials;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-lstm sweep --grid KEY=A,B ... | --random N --range KEY=SPEC ... [key=value ...] output=DIR}: many
 * trainings of one configuration with some settings varied. Each trial is a run directory under DIR/trials; the
 * sweep writes results.csv, results.md and sweep.png, and prints the best trial by its validation metric (a
 * validation share of 0.1 is held out when the configuration names no validation set). Rerunning the same command
 * skips finished trials and continues the others.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Trains many variations of a configuration and compares them on a validation set.")
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "properties file of the base settings")
    String configFile;

    @Option(names = "--grid", paramLabel = "KEY=A,B,...", description = "a setting and its values; several --grid: "
            + "every combination")
    List<String> grid = new ArrayList<>();

    @Option(names = "--random", paramLabel = "N", description = "N trials drawn from the --range settings")
    int random;

    @Option(names = "--range", paramLabel = "KEY=SPEC", description = "log:LO:HI, lin:LO:HI, int:LO:HI or "
            + "choice:A,B,...")
    List<String> ranges = new ArrayList<>();

    @Option(names = "--seed", description = "seed of the random draws (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--mode", description = "tasks: each trial on one thread in a Spark task, many at once; "
            + "distributed: each trial a distributed training, --parallel at once (default: ${DEFAULT-VALUE})")
    String mode = "tasks";

    @Option(names = "--parallel", description = "distributed mode: trials at once (default: ${DEFAULT-VALUE})")
    int parallel = 1;

    @Option(names = "--metric", description = "what decides the best trial: validation_loss, validation_accuracy, "
            + "validation_bits_per_step (per-step models); test_loss, test_accuracy, test_bits_per_step for studies "
            + "(no hold-out) "
            + "(default: ${DEFAULT-VALUE})")
    String metric = "validation_loss";

    @Option(names = "--halving", description = "successive halving: train every trial for --min-epochs, keep the "
            + "best 1/--halving-rate, train those --halving-rate times longer, ... up to train.epochs")
    boolean halving;

    @Option(names = "--halving-rate", description = "(default: ${DEFAULT-VALUE})")
    int rate = 3;

    @Option(names = "--min-epochs", description = "the first budget of --halving (default: ${DEFAULT-VALUE})")
    int minEpochs = 1;

    @Option(names = "--lines", paramLabel = "KEY", description = "also lines.png and lines.md: test accuracy "
            + "(and examples/s) against this numeric setting, a line per combination of the other swept settings")
    String lines;

    @Parameters(paramLabel = "key=value", description = "settings of every trial, as for a run; output=DIR")
    List<String> settings = new ArrayList<>();

    private final PrintStream out;

    SweepCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("tasks", "distributed").contains(mode)) {
            throw new ConfigException("--mode=" + mode + ": expected tasks or distributed");
        }
        if (!List.of("validation_loss", "validation_accuracy", "validation_bits_per_step", "test_loss",
                "test_accuracy", "test_bits_per_step").contains(metric)) {
            throw new ConfigException("--metric=" + metric + ": expected validation_loss, validation_accuracy, "
                    + "validation_bits_per_step, test_loss, test_accuracy or test_bits_per_step");
        }
        if (halving && (rate < 2 || minEpochs < 1)) {
            throw new ConfigException("--halving needs --halving-rate >= 2 and --min-epochs >= 1");
        }
        if (lines != null && !grid.stream().anyMatch(g -> g.startsWith(lines + "="))) {
            throw new ConfigException("--lines " + lines + ": not one of the --grid settings");
        }
        if (grid.isEmpty() == (random == 0)) {
            throw new ConfigException("give --grid KEY=A,B,... or --random N with --range KEY=SPEC, one of them");
        }
        Trials plan = grid.isEmpty() ? Trials.random(random, ranges, seed) : Trials.grid(grid);
        SparkConf conf = SparkSetup.sparkConf().setAppName("spark-lstm-sweep");
        Config base = TrainCommand.loadConfig(configFile, settings, SparkSetup.hadoopConfiguration(conf));
        if (base.output().isEmpty()) {
            throw new ConfigException("output: required (the sweep's directory)");
        }
        List<String> common = new ArrayList<>(settings);
        if (metric.startsWith("test_")) {
            out.println("sweep: --metric " + metric + ": a study, every trial trains on all the training data and "
                    + "is compared on the test set (choose settings by a validation metric instead)");
        } else if (base.real("data.validationFraction") == 0 && base.get("data.validation").isEmpty()) {
            common.add("data.validationFraction=0.1");
            out.println("sweep: holding out 10% of the training data for validation (data.validationFraction=0.1)");
        }
        int maxEpochs = base.integer("train.epochs");
        List<Integer> budgets = budgets(maxEpochs);
        try (SparkSession spark = SparkSetup.start(conf)) {
            HadoopStore root = HadoopStore.at(base.output(), spark.sparkContext().hadoopConfiguration());
            claim(root, plan, base.flag("output.overwrite"));
            long start = System.nanoTime();
            DoubleAdder loading = new DoubleAdder();
            List<Trials.Trial> alive = new ArrayList<>(plan.trials());
            Map<String, SweepReport.Row> rows = new LinkedHashMap<>();
            for (int rung = 0; rung < budgets.size(); rung++) {
                int budget = budgets.get(rung);
                if (halving) {
                    out.printf("sweep: rung %d, %d trial(s) for %d epoch(s)%n", rung + 1, alive.size(), budget);
                }
                List<TrialRunner.Run> runs = new ArrayList<>();
                for (Trials.Trial trial : alive) {
                    runs.add(new TrialRunner.Run(trial.name(), trialConfig(common, root, trial, halving ? budget : 0,
                            spark.sparkContext().hadoopConfiguration()), halving ? budget : 0));
                }
                List<TrialRunner.Outcome> outcomes = "tasks".equals(mode) ? tasks(spark, runs, loading)
                        : TrialRunner.distributed(spark, runs, parallel, out, new DoubleAdder());
                for (TrialRunner.Outcome o : outcomes) {
                    Trials.Trial trial = plan.trials().stream().filter(t -> t.name().equals(o.name())).findFirst()
                            .orElseThrow();
                    rows.put(o.name(), SweepReport.row(trial, o, metric, root.resolve("trials").resolve(o.name())));
                }
                if (rung + 1 < budgets.size()) {
                    List<Trials.Trial> next = survivors(alive, rows);
                    for (Trials.Trial trial : alive) {
                        SweepReport.Row row = rows.get(trial.name());
                        if (!next.contains(trial) && !"failed".equals(row.status())) {
                            rows.put(trial.name(), row.withStatus("halted after rung " + (rung + 1)));
                        }
                    }
                    alive = next;
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            SweepReport report = new SweepReport(plan.keys(), metric, new ArrayList<>(rows.values()));
            root.writeAtomically("results.csv", o -> o.write(report.csv().getBytes(StandardCharsets.UTF_8)));
            root.writeAtomically("results.md", o -> o.write(report.markdown().getBytes(StandardCharsets.UTF_8)));
            byte[] png = report.png();
            root.writeAtomically("sweep.png", o -> o.write(png));
            if (lines != null) {
                byte[] chart = report.linesPng(lines);
                root.writeAtomically("lines.png", o -> o.write(chart));
                String tables = "Test accuracy (%):\n\n" + report.pivot(lines, "test_accuracy")
                        + "\nTraining examples/s:\n\n" + report.pivot(lines, "examples_per_s");
                root.writeAtomically("lines.md", o -> o.write(tables.getBytes(StandardCharsets.UTF_8)));
            }
            summarise(report, wall, loading.sum(), spark);
        }
        return 0;
    }

    /* Tasks mode, grouping trials that read the same data (a trial may vary data.* settings). */
    private List<TrialRunner.Outcome> tasks(SparkSession spark, List<TrialRunner.Run> runs, DoubleAdder loading)
            throws Exception {
        Map<String, List<TrialRunner.Run>> byData = new LinkedHashMap<>();
        for (TrialRunner.Run run : runs) {
            byData.computeIfAbsent(io.github.sparklstm.distributed.data.DataSettings.of(run.config()).toString(),
                    k -> new ArrayList<>()).add(run);
        }
        List<TrialRunner.Outcome> outcomes = new ArrayList<>();
        for (List<TrialRunner.Run> group : byData.values()) {
            outcomes.addAll(TrialRunner.tasks(spark, group, out, loading));
        }
        return outcomes;
    }

    /* The epochs of each rung: all epochs at once, or min, min·rate, ... up to train.epochs for halving. */
    private List<Integer> budgets(int maxEpochs) {
        List<Integer> budgets = new ArrayList<>();
        if (!halving) {
            budgets.add(maxEpochs);
            return budgets;
        }
        for (long b = minEpochs; b < maxEpochs; b *= rate) {
            budgets.add((int) b);
        }
        budgets.add(maxEpochs);
        return budgets;
    }

    private List<Trials.Trial> survivors(List<Trials.Trial> alive, Map<String, SweepReport.Row> rows) {
        List<SweepReport.Row> ranked = new SweepReport(List.of(), metric, alive.stream().map(t -> rows.get(t.name()))
                .toList()).rows();
        int keep = Math.max(1, (int) Math.ceil(alive.size() / (double) rate));
        List<String> names = ranked.stream().filter(r -> !Double.isNaN(r.best())).limit(keep)
                .map(r -> r.trial().name()).toList();
        return alive.stream().filter(t -> names.contains(t.name())).toList();
    }

    /* The trial's configuration: the file, the sweep's settings, the trial's own, then what the sweep decides. */
    private Config trialConfig(List<String> common, HadoopStore root, Trials.Trial trial, int budget,
                               org.apache.hadoop.conf.Configuration hadoop) {
        List<String> trialSettings = new ArrayList<>(common);
        trial.settings().forEach((k, v) -> trialSettings.add(k + "=" + v));
        trialSettings.add("output=" + root.resolve("trials").location(trial.name()));
        trialSettings.add("log.progress=epoch");
        trialSettings.add("resume=false");
        trialSettings.add("output.overwrite=false");
        if (budget > 0) {
            trialSettings.add("train.stopAfterEpochs=" + budget);
        }
        try {
            return TrainCommand.loadConfig(configFile, trialSettings, hadoop);
        } catch (ConfigException e) {
            throw new ConfigException(trial.name() + " (" + trial.settings() + "): " + e.getMessage());
        }
    }

    /* A sweep directory holds one sweep: the same trials again continue it; others need output.overwrite. */
    private static void claim(HadoopStore root, Trials plan, boolean overwrite) throws java.io.IOException {
        String planned = plan.toJson().toString();
        if (root.exists("sweep.json")) {
            JsonNode earlier = RunDirectory.JSON.readTree(root.readAll("sweep.json"));
            if (!earlier.toString().equals(planned)) {
                if (!overwrite) {
                    throw new ConfigException("output=" + root.location() + ": holds another sweep (sweep.json "
                            + "lists other trials); set output.overwrite=true to replace it");
                }
                for (String name : root.list()) {
                    root.delete(name);
                }
            }
        }
        root.mkdirs();
        root.writeAtomically("sweep.json", o -> o.write(planned.getBytes(StandardCharsets.UTF_8)));
    }

    /*
     * The overhead: the sweep's wall time on its slots against what the trials it ran took themselves (training,
     * evaluation, writing their files), with and without reading the data, which the trials share.
     */
    private void summarise(SweepReport report, double wall, double loading, SparkSession spark) {
        double own = 0;
        int ran = 0;
        for (SweepReport.Row r : report.rows()) {
            if (!Double.isNaN(r.trialSeconds())) {
                own += r.trialSeconds();
                ran++;
            }
        }
        int slots = "tasks".equals(mode) ? spark.sparkContext().defaultParallelism() : Math.max(1, parallel);
        // Distributed trials read their data themselves (once per data, shared), inside their own time.
        out.printf(Locale.ROOT, "sweep: %d trials, %d run now, in %.1f s; their own time %.1f s over %d slot(s): "
                + "overhead %.1f%%%s%n", report.rows().size(), ran, wall, own, slots,
                own > 0 ? 100 * (wall * slots / own - 1) : Double.NaN, loading == 0 ? "" : String.format(Locale.ROOT,
                " (%.1f%% besides reading the data once)", 100 * ((wall - loading) * slots / own - 1)));
        SweepReport.Row best = report.best();
        if (best != null) {
            out.printf(Locale.ROOT, "best: %s (%s): %s %.4f after epoch %d, test accuracy %.2f%%%n",
                    best.trial().name(), SweepReport.settings(best), metric, best.best(), best.bestEpoch(),
                    100 * best.testAccuracy());
        }
    }
}
