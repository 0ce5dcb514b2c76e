package io.github.sparklstm.cli;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Spark's log lines on the console while a command runs: one line each (the first line of the message, no stack
 * trace), so that the console, and a scheduler's log scraper, reads the job's own lines and its one-line error
 * first. The whole story, traces included, is in the driver log. {@code --verbose} keeps Spark's lines whole.
 *
 * <p>Spark's console appenders (those of the root logger, whatever configuration loaded them) are set aside while
 * attached and put back after; an appender of this class writes to the command's error stream instead.
 */
final class ConsoleLines {

    private static PrintStream target = System.err;
    private static boolean verbose;
    private static Attached attached;

    private ConsoleLines() {
    }

    /** Where the next command's Spark lines go, and whether whole. */
    static synchronized void prepare(PrintStream err, boolean keepTraces) {
        target = err;
        verbose = keepTraces;
    }

    /** Takes over the console from Spark's appenders (after Spark has set up its logging, which would undo it). */
    static synchronized void attach() {
        if (attached != null) {
            return;
        }
        try {
            LoggerContext context = (LoggerContext) LogManager.getContext(
                    org.apache.spark.SparkContext.class.getClassLoader(), false);
            LoggerConfig root = context.getConfiguration().getRootLogger();
            List<Appender> consoles = new ArrayList<>();
            for (Appender appender : root.getAppenders().values()) {
                if (appender instanceof ConsoleAppender) {
                    consoles.add(appender);
                }
            }
            consoles.forEach(appender -> root.removeAppender(appender.getName()));
            OneLine ours = new OneLine(target, verbose);
            ours.start();
            root.addAppender(ours, null, null);
            context.updateLoggers();
            attached = new Attached(context, consoles, ours);
        } catch (ClassCastException | LinkageError e) {
            // log4j 2 is not Spark's logging backend here: its console stays as it is.
        }
    }

    /** Gives the console back to the appenders set aside. */
    static synchronized void detach() {
        if (attached == null) {
            return;
        }
        LoggerConfig root = attached.context().getConfiguration().getRootLogger();
        root.removeAppender(attached.ours().getName());
        attached.consoles().forEach(appender -> root.addAppender(appender, null, null));
        attached.context().updateLoggers();
        attached.ours().stop();
        attached = null;
        target = System.err;
        verbose = false;
    }

    private record Attached(LoggerContext context, List<Appender> consoles, OneLine ours) {
    }

    /** An event as "HH:mm:ss LEVEL Logger: first line of the message", or whole with its trace when verbose. */
    private static final class OneLine extends AbstractAppender {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
        private final PrintStream out;
        private final boolean whole;

        OneLine(PrintStream out, boolean whole) {
            super("spark-lstm-console-" + System.identityHashCode(out), null, layout(), true, Property.EMPTY_ARRAY);
            this.out = out;
            this.whole = whole;
        }

        private static Layout<? extends Serializable> layout() {
            return PatternLayout.newBuilder().withPattern("%d{HH:mm:ss} %p %c{1}: %m%n%ex").build();
        }

        @Override
        public void append(LogEvent event) {
            if (whole) {
                out.print(new String(getLayout().toByteArray(event), StandardCharsets.UTF_8));
                return;
            }
            String message = event.getMessage().getFormattedMessage();
            String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
            String logger = event.getLoggerName();
            out.println(LocalTime.now().format(TIME) + " " + event.getLevel() + " "
                    + logger.substring(logger.lastIndexOf('.') + 1) + ": " + first);
        }
    }
}
