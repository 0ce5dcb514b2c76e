package io.github.sparklstm.cli;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import io.github.sparklstm.run.DistributedRun;
import io.github.sparklstm.run.DriverLog;
import io.github.sparklstm.run.QualityGate;
import io.github.sparklstm.run.RunPlan;
import io.github.sparklstm.run.SingleProcessRun;
import io.github.sparklstm.run.Versions;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.PrintStream;
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
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-lstm [--config FILE] [--resume] [key=value ...]}: trains on Spark into a run directory, or with
 * {@code --plan} says what that would do and cost, or with {@code --single-process} trains the same settings on
 * one thread. The root command of {@link Main}.
 */
@Command(name = "spark-lstm", mixinStandardHelpOptions = true, version = "spark-lstm " + Versions.VERSION,
        description = "Trains an LSTM sequence classifier on Spark by parameter averaging.",
        footer = "%nSettings (key=value) override the config file; list them with --list-keys."
                + "%nSubcommands: convert (an IDX data set to Parquet tables), evaluate (score a model on a test "
                + "set), predict (score a table with a model), sweep (many trainings compared), words (a second "
                + "task from Debian's word lists), syllables (a labelling task from Debian's dict-gcide).")
final class TrainCommand implements Callable<Integer> {

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

    TrainCommand(PrintStream out) {
        this.out = out;
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
        SparkConf conf = SparkSetup.sparkConf();
        List<String> settings = new ArrayList<>(overrides);
        if (resume) {
            settings.add("resume=true");
        }
        Config loaded = loadConfig(configFile, settings, SparkSetup.hadoopConfiguration(conf));
        Config config = loaded.output().isEmpty() ? loaded.with("output", "runs/" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))) : loaded;
        System.setProperty("java.awt.headless", "true");
        if (plan || planJson) {
            config.requireTables("data.train", "data.test");
            try (SparkSession spark = SparkSetup.start(conf)) {
                return RunPlan.print(spark, config, out, planJson);
            }
        }
        // The log starts once Spark has set up its logging, which would otherwise drop the log's appender.
        try (SparkSession spark = SparkSetup.start(conf); DriverLog log = DriverLog.start(out)) {
            log.note(Versions.describe() + "; arguments: " + String.join(" ", overrides));
            try {
                // From here every failure leaves its log in the output directory.
                log.failuresGoTo(HadoopStore.at(config.output(), spark.sparkContext().hadoopConfiguration()),
                        !"false".equals(config.get("resume")));
                config.requireTables("data.train", "data.test");
                PrintStream console = log.console();
                return singleProcess ? SingleProcessRun.run(spark, config, console) : train(spark, config, console);
            } catch (Throwable e) {
                log.failure(e);
                throw e;
            }
        }
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
            throw new ConfigException(source + ": cannot read config file (" + HadoopStore.describe(e) + ")");
        }
        return Config.load(text, source, overrides);
    }

    private static int train(SparkSession spark, Config config, PrintStream out) throws IOException {
        try (DistributedRun.DataCache data = new DistributedRun.DataCache()) {
            return QualityGate.exitCode(DistributedRun.distributed(spark, config, out, data));
        }
    }
}
