package io.github.sparklstm.cli;

import io.github.sparklstm.run.DriverLog;
import io.github.sparklstm.run.Failures;
import java.io.PrintStream;
import org.apache.spark.SparkConf;
import picocli.CommandLine;

/**
 * The application's entry point: {@code spark-submit spark-lstm-all.jar [--config FILE] [--resume] [key=value ...]}
 * trains ({@link TrainCommand}); {@code convert}, {@code evaluate}, {@code generate}, {@code predict}, {@code forecast}, {@code sweep},
 * {@code words} and {@code syllables} are its subcommands. Every command reports a failure as one line on stderr
 * naming the driver log, and exits with the code of {@link Failures}.
 */
public final class Main {

    private Main() {
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
        CommandLine cli = new CommandLine(new TrainCommand(out));
        cli.addSubcommand("convert", new ConvertCommand(out));
        cli.addSubcommand("evaluate", new EvaluateCommand(out));
        cli.addSubcommand("generate", new GenerateCommand(out, err));
        cli.addSubcommand("predict", new PredictCommand(out));
        cli.addSubcommand("forecast", new ForecastCommand(out));
        cli.addSubcommand("sweep", new SweepCommand(out));
        cli.addSubcommand("syllables", new SyllablesCommand(out));
        cli.addSubcommand("words", new WordsCommand(out));
        ConsoleLines.prepare(err, java.util.Arrays.asList(args).contains("--verbose"));
        try {
            return execute(cli, args, out, err);
        } finally {
            ConsoleLines.detach();
        }
    }

    private static int execute(CommandLine cli, String[] args, PrintStream out, PrintStream err) {
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            String log = DriverLog.takeLastFailure();
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            err.println("spark-lstm: error: " + Failures.oneLine(e) + (log == null ? "" : " (log: " + log + ")"));
            return Failures.exitCode(e);
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("spark-lstm: error: " + e.getMessage() + " (see --help)");
            return Failures.EXIT_CONFIG;
        });
        return cli.execute(args);
    }
}
