package io.github.sparklstm.job;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.store.HadoopStore;
import io.github.sparklstm.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark training job: {@code spark-submit --class io.github.sparklstm.job.TrainJob spark-lstm-all.jar
 * [--config FILE] [--resume] [key=value ...]}, and its subcommands. Exit codes: 0 done (or already finished), 2
 * configuration or command line, 3 input data, 4 output or checkpoint I/O, 5 training diverged, 6 the quality gate
 * refused the model, 1 an internal error; the reason is one line on stderr, naming the driver log that has the
 * whole story.
 */
@Command(name = "spark-lstm", mixinStandardHelpOptions = true, version = "spark-lstm " + TrainJob.VERSION,
        description = "Trains an LSTM sequence classifier on Spark by parameter averaging.",
        footer = "%nSettings (key=value) override the config file; list them with --list-keys."
                + "%nSubcommands: convert (an IDX data set to Parquet tables), predict (score a table with a model), "
                + "sweep (many trainings compared).")
public final class TrainJob implements Callable<Integer> {

    public static final String VERSION = "0.1.0";
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_DATA = 3;
    public static final int EXIT_IO = 4;
    public static final int EXIT_DIVERGED = 5;
    public static final int EXIT_GATE = 6;
    static final Path DEFAULT_CONFIG = Path.of("conf/mnist-lstm.properties");

    @Option(names = "--config", paramLabel = "FILE", description = "properties file of settings, any Hadoop path "
            + "(default: conf/mnist-lstm.properties when present on the local disk)")
    String configFile;

    @Option(names = "--resume", description = "continue from the newest good checkpoint in output (= resume=true)")
    boolean resume;

    @Option(names = "--verbose", description = "print the stack trace of a failure on stderr too (it is always in "
            + "the driver log)")
    boolean verbose;

    @Option(names = "--plan", description = "print what the run would do and cost (partitions, rounds, bytes per "
            + "round, memory per task, predicted time per epoch for 1, 2, 4, ... workers, warnings) and exit; "
            + "nothing is trained or written")
    boolean plan;

    @Option(names = "--plan-json", description = "as --plan, as one JSON object")
    boolean planJson;

    @Option(names = "--list-keys", description = "print every setting with its default and allowed values")
    boolean listKeys;

    @Option(names = "--single-process", description = "train in this JVM on one thread, Spark only reading the "
            + "data (the baseline a distributed run is compared with); train.workers and averaging.* do not apply")
    boolean singleProcess;

    @Parameters(paramLabel = "key=value", description = "setting overrides")
    List<String> overrides = new ArrayList<>();

    private final PrintStream out;

    public TrainJob(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        // On YARN in cluster mode the ApplicationMaster reports success only when main returns: an exit there, even
        // exit(0), ends the attempt as FAILED and starts the next one. Elsewhere the exit code is the result.
        SparkConf conf = new SparkConf();
        boolean yarnCluster = conf.get("spark.master", "").startsWith("yarn")
                && "cluster".equals(conf.get("spark.submit.deployMode", ""));
        if (code != 0 || !yarnCluster) {
            System.exit(code);
        }
    }

    /** Runs the job as the command line would, returning its exit code (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new TrainJob(out));
        cli.addSubcommand("convert", new ConvertCommand(out));
        cli.addSubcommand("predict", new PredictCommand(out));
        cli.addSubcommand("sweep", new SweepCommand(out));
        cli.addSubcommand("words", new WordsCommand(out));
        return execute(cli, args, out, err);
    }

    /** A command with this project's conventions: one-line errors on stderr, exit codes by kind of failure. */
    static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        return execute(new CommandLine(command), args, out, err);
    }

    private static int execute(CommandLine cli, String[] args, PrintStream out, PrintStream err) {
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            String log = DriverLog.takeLastFailure();
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            err.println("spark-lstm: error: " + oneLine(e) + (log == null ? "" : " (log: " + log + ")"));
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
        SparkConf conf = sparkConf();
        List<String> settings = new ArrayList<>(overrides);
        if (resume) {
            settings.add("resume=true");
        }
        Config config = loadConfig(configFile, settings, hadoopConfiguration(conf));
        config.requireTables("data.train", "data.test");
        if (config.output().isEmpty()) {
            config = config.with("output", "runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                    "yyyyMMdd-HHmmss")));
        }
        System.setProperty("java.awt.headless", "true");
        if (plan || planJson) {
            try (SparkSession spark = startSpark(conf)) {
                return Planning.print(spark, config, out, planJson);
            }
        }
        // The log starts once Spark has set up its logging, which would otherwise drop the log's appender.
        try (SparkSession spark = startSpark(conf); DriverLog log = DriverLog.start(out)) {
            log.note(version() + "; arguments: " + String.join(" ", overrides));
            try {
                PrintStream console = log.console();
                return singleProcess ? SingleProcessRun.run(spark, config, console) : train(spark, config, console);
            } catch (Throwable e) {
                log.failure(e);
                throw e;
            }
        }
    }

    /** This job's, Spark's and Java's versions, for logs and metrics. */
    static String version() {
        return "spark-lstm " + VERSION + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java "
                + Runtime.version();
    }

    /** The job's Spark defaults; spark-submit's and the user's settings win. */
    public static SparkConf sparkConf() {
        SparkConf conf = new SparkConf();
        // OpenBLAS's kernel (OPENBLAS_CORETYPE, else the CPU's) decides the last bits of every product: executors
        // get the driver's choice, as jobs/submit.sh also passes it to a driver that a cluster manager starts.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("OPENBLAS_")) {
                conf.setIfMissing("spark.executorEnv." + name, value);
            }
        });
        return conf.setAppName("spark-lstm").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1")
                // Replicas come back as ~1 MB of floats per partition: straight in the task result, not via a
                // block fetch, and broadcasts of float noise are not worth compressing.
                .setIfMissing("spark.task.maxDirectResultSize", "64m")
                .setIfMissing("spark.broadcast.compress", "false")
                // Kryo refuses a result above its buffer's maximum (64m by default), which a model of 2 x 512
                // units with Adam already returns; the buffer grows only as far as a result needs.
                .setIfMissing("spark.kryoserializer.buffer.max", "1024m")
                // File splits that depend on the data alone, not on how many executors have registered: the rows
                // of a table are counted and read by two queries, which must see the same splits.
                .setIfMissing("spark.sql.files.minPartitionNum", "8");
    }

    /** A session of {@code conf} that logs warnings only: the commands print their own progress. */
    static SparkSession startSpark(SparkConf conf) {
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** Hadoop settings before Spark starts, as Spark will make them: spark.hadoop.* on top of the defaults. */
    static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (var entry : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(entry._1(), entry._2());
        }
        return hadoop;
    }

    /** The config file (any Hadoop path) and overrides; without a file, the shipped one when it is here. */
    static Config loadConfig(String file, List<String> overrides, Configuration hadoop) {
        if (file == null) {
            return Config.load(Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null, overrides);
        }
        String text;
        String source = file;
        try {
            HadoopStore store = HadoopStore.at(file, hadoop);
            source = store.location();
            text = new String(store.readAll(), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(source + ": cannot read config file (" + Config.describe(e) + ")");
        }
        return Config.load(text, source, overrides);
    }

    private static int train(SparkSession spark, Config config, PrintStream out) throws IOException {
        try (Training.DataCache data = new Training.DataCache()) {
            return QualityGate.exitCode(Training.distributed(spark, config, out, data));
        }
    }

    static int exitCode(Throwable e) {
        Throwable cause = explained(e);
        if (cause instanceof ConfigException) {
            return EXIT_CONFIG;
        }
        if (cause instanceof InvalidDataException) {
            return EXIT_DATA;
        }
        if (cause instanceof TrainingDivergedException) {
            return EXIT_DIVERGED;
        }
        if (cause instanceof IOException) {
            // Executors read only input data; the driver writes the run's files.
            return fromExecutor(e) ? EXIT_DATA : EXIT_IO;
        }
        return 1;
    }

    /**
     * The exception that says what went wrong: ours where there is one (a task's InvalidDataException arrives
     * wrapped in Spark's SparkException, possibly in an UncheckedIOException), else the innermost wrapper's cause.
     */
    static Throwable explained(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidDataException || t instanceof ConfigException
                    || t instanceof TrainingDivergedException) {
                return t;
            }
        }
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof SparkException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean fromExecutor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(Throwable e) {
        Throwable shown = explained(e);
        String message = shown.getMessage();
        if (exitCode(e) == 1) {
            // A bug or an environment problem: what and where, for a report; the log has the whole trace.
            StackTraceElement[] trace = shown.getStackTrace();
            message = "internal error: " + shown.getClass().getName() + (message == null || message.isBlank() ? ""
                    : ": " + message) + (trace.length == 0 ? "" : " at " + trace[0]);
        } else if (message == null || message.isBlank()) {
            message = shown.getClass().getName();
        } else if (!(shown instanceof ConfigException || shown instanceof IOException
                || shown instanceof TrainingDivergedException)) {
            message = shown.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
