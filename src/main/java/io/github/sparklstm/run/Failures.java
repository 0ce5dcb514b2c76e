package io.github.sparklstm.run;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;

/**
 * What a failure means to whoever started the job: its exit code (0 done or already finished, 2 configuration or
 * command line, 3 input data, 4 output or checkpoint I/O, 5 training diverged, 6 the quality gate refused the
 * model, 1 an internal error) and its one-line reason. Schedulers branch on the code; people read the line.
 */
public final class Failures {

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_DATA = 3;
    public static final int EXIT_IO = 4;
    public static final int EXIT_DIVERGED = 5;
    public static final int EXIT_GATE = 6;

    private Failures() {
    }

    public static int exitCode(Throwable e) {
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
    public static Throwable explained(Throwable e) {
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

    /** The failure as one line: ours as they are worded, an internal error with its class and where it arose. */
    public static String oneLine(Throwable e) {
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
