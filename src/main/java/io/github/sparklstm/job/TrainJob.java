package io.github.sparklstm.job;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.SequenceView;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.spark.Checkpoint;
import io.github.sparklstm.spark.Checkpoints;
import io.github.sparklstm.spark.DistributedTrainer;
import io.github.sparklstm.spark.HadoopStore;
import io.github.sparklstm.train.SavedModel;
import io.github.sparklstm.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark training job: {@code spark-submit --class io.github.sparklstm.job.TrainJob spark-lstm-all.jar
 * [--config FILE] [--resume] [key=value ...]}. Exit codes: 0 done, 2 configuration or command line, 3 input data,
 * 4 output or checkpoint I/O, 5 training diverged, 1 anything else; the reason is one line on stderr.
 */
@Command(name = "spark-lstm", mixinStandardHelpOptions = true, version = "spark-lstm 0.1.0",
        description = "Trains an LSTM sequence classifier on Spark by parameter averaging.",
        footer = "%nSettings (key=value) override the config file; list them with --list-keys.")
public final class TrainJob implements Callable<Integer> {

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_DATA = 3;
    public static final int EXIT_IO = 4;
    public static final int EXIT_DIVERGED = 5;
    static final Path DEFAULT_CONFIG = Path.of("conf/mnist-lstm.properties");

    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file of settings (default: conf/mnist-lstm.properties when present)")
    Path configFile;

    @Option(names = "--resume", description = "continue from the newest good checkpoint in output (= resume=true)")
    boolean resume;

    @Option(names = "--list-keys", description = "print every setting with its default and allowed values")
    boolean listKeys;

    @Option(names = "--single-process", description = "train in this JVM on one thread without Spark (the "
            + "baseline a distributed run is compared with); train.workers and averaging.* do not apply")
    boolean singleProcess;

    @Parameters(paramLabel = "key=value", description = "setting overrides")
    List<String> overrides = new ArrayList<>();

    private final PrintStream out;

    public TrainJob(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job as the command line would, returning its exit code (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return execute(new TrainJob(out), args, out, err);
    }

    /** A command with this project's conventions: one-line errors on stderr, exit codes by kind of failure. */
    static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("spark-lstm: error: " + oneLine(e));
            return exitCode(e);
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("spark-lstm: error: " + e.getMessage() + " (see --help)");
            return EXIT_CONFIG;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (listKeys) {
            for (ConfigKey key : ConfigKeys.ALL) {
                out.printf("%-36s %-12s %s. %s%n", key.name(), key.defaultValue().isEmpty() ? "\"\""
                        : key.defaultValue(), key.allowed(), key.description());
            }
            return 0;
        }
        Path file = configFile != null ? configFile : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        List<String> settings = new ArrayList<>(overrides);
        if (resume) {
            settings.add("resume=true");
        }
        JobConfig config = JobConfig.load(file, settings);
        if (config.output().isEmpty()) {
            config = config.with("output", "runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                    "yyyyMMdd-HHmmss")));
        }
        System.setProperty("java.awt.headless", "true");
        if (singleProcess) {
            return SingleProcessRun.run(config, out);
        }
        SparkConf conf = new SparkConf().setAppName("spark-lstm").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1")
                // Replicas come back as ~1 MB of floats per partition: straight in the task result, not via a
                // block fetch, and broadcasts of float noise are not worth compressing.
                .setIfMissing("spark.task.maxDirectResultSize", "64m")
                .setIfMissing("spark.broadcast.compress", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            return train(sc, config);
        }
    }

    private int train(JavaSparkContext sc, JobConfig config) throws IOException {
        var hadoop = sc.hadoopConfiguration();
        RunDirectory run = RunDirectory.prepare(HadoopStore.at(config.output(), hadoop), config.resume(),
                config.flag("output.overwrite"));
        JobInputs in = JobInputs.load(config, hadoop);
        LabeledImages train = in.train();
        LabeledImages test = in.test();
        SequenceView view = in.view();
        ModelSpec spec = in.spec();
        int workers = config.integer("train.workers") > 0 ? config.integer("train.workers") : sc.defaultParallelism();
        if (workers > train.size()) {
            throw new ConfigException("train.workers=" + workers + ": more partitions than the " + train.size()
                    + " training examples");
        }
        config = config.with("train.workers", Integer.toString(workers));

        Checkpoints checkpoints = run.checkpoints(config.integer("checkpoint.keep"));
        Checkpoint resumeFrom = null;
        if (config.resume()) {
            Optional<Checkpoint> latest = checkpoints.latestGood(warning -> out.println("warning: " + warning));
            if (latest.isEmpty()) {
                throw new ConfigException("resume=true: no checkpoint in " + checkpoints.location());
            }
            resumeFrom = latest.get();
            requireSameTraining(config, JobConfig.fromProperties(resumeFrom.config(), checkpoints.location()),
                    checkpoints.location());
            run.keepMetricsUpTo(resumeFrom.round());
            out.printf("resuming %s from round %d (epoch %d, step %d)%n", config.output(), resumeFrom.round(),
                    resumeFrom.epoch() + 1, resumeFrom.globalStep());
        }
        run.writeConfig(config);
        out.printf("spark-lstm: %s -> %s (%d train / %d test examples, view %s, %d workers)%n",
                in.dataDir().location(), run.location(), train.size(), test.size(), view.name(), workers);

        RunListener listener = new RunListener(run, out, config.get("log.progress"));
        long start = System.nanoTime();
        DistributedTrainer.Result result = new DistributedTrainer(sc, settings(config, workers), listener)
                .run(spec, view, train, test, checkpoints, resumeFrom, config.toProperties());
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        listener.flush();
        run.writeModel(new SavedModel(spec, view, result.parameters()));
        run.writeSummary(Summaries.ofRun(result.test(), result.epochs(), result.rounds(), result.globalStep(),
                wallSeconds, listener.trainSeconds(), listener.examples(), workers));
        run.writeCurves(Curves.fromMetrics(run.metricLines(), "spark-lstm " + view.name() + ", " + workers
                + " workers"));
        out.printf("done: test accuracy %.2f%% after %d epochs in %s; outputs in %s%n",
                100 * result.test().accuracy(), result.epochs(), RunListener.duration(wallSeconds), run.location());
        return 0;
    }

    static DistributedTrainer.Settings settings(JobConfig c, int workers) {
        return new DistributedTrainer.Settings(c.integer("train.epochs"), c.integer("train.batchSize"), workers,
                c.integer("train.averagingFrequency"), c.optimizer(), c::schedule, c.real("train.clipNorm"),
                c.longInteger("train.seed"), "average".equals(c.get("averaging.optimizerState")),
                "bmuf".equals(c.get("averaging.method")), c.real("averaging.blockMomentum"),
                c.real("averaging.blockLearningRate"), c.real("train.divergenceLoss"), c.integer("train.divergenceRetries"),
                c.real("train.divergenceLearningRateFactor"), c.integer("checkpoint.every"),
                c.integer("eval.batchSize"));
    }

    /* Keys that may differ between a run and its resumption: where and how it reports, not what it computes. */
    private static final List<String> FREE_ON_RESUME = List.of("resume", "output", "output.overwrite",
            "checkpoint.every", "checkpoint.keep", "eval.batchSize", "log.progress", "data.path");

    private static void requireSameTraining(JobConfig now, JobConfig then, String source) {
        for (var entry : then.values().entrySet()) {
            String key = entry.getKey();
            if (!FREE_ON_RESUME.contains(key) && !entry.getValue().equals(now.get(key))) {
                throw new ConfigException("resume: " + key + "=" + now.get(key) + " differs from " + entry.getValue()
                        + " in the checkpoint of " + source + "; resume with the same training settings");
            }
        }
    }

    static int exitCode(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof ConfigException || cause instanceof IllegalArgumentException) {
            return EXIT_CONFIG;
        }
        if (cause instanceof InvalidDataException) {
            return EXIT_DATA;
        }
        if (cause instanceof TrainingDivergedException) {
            return EXIT_DIVERGED;
        }
        if (cause instanceof IOException) {
            return EXIT_IO;
        }
        return 1;
    }

    static String oneLine(Throwable e) {
        Throwable shown = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String message = shown.getMessage();
        if (message == null || message.isBlank()) {
            message = shown.getClass().getName();
        } else if (!(shown instanceof ConfigException || shown instanceof IOException
                || shown instanceof TrainingDivergedException || shown instanceof IllegalArgumentException)) {
            message = shown.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
