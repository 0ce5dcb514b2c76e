package io.github.sparklstm.run;

import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The driver's log of one run: every console line, Spark's warnings and errors, and the whole stack trace of a
 * failure. It is written to a local file while the job runs (the run directory may be on a store without append)
 * and copied to {@code driver.log} in the run directory at every checkpoint and at the end, once the run has
 * claimed its directory; before that (a configuration or data error) the local file is what the error names.
 */
public final class DriverLog implements AutoCloseable {

    static final String NAME = "driver.log";
    /* The log the last failed command wrote, for its error line (commands run one at a time in a JVM). */
    private static final AtomicReference<String> LAST_FAILURE = new AtomicReference<>();
    private static final AtomicReference<DriverLog> CURRENT = new AtomicReference<>();

    private final Path file;
    private final OutputStream sink;
    private final PrintStream console;
    /* Null where log4j 2 is not Spark's logging backend: the log then has the console and failures only. */
    private final SparkLogAppender appender;
    /* Copies to the run directory one at a time, without holding the lock that log lines take (a file system's
       own threads log while a copy waits for them). */
    private final Object publishing = new Object();
    private HadoopStore runDirectory;
    /* The output directory: where a failure before the run claims it leaves the log (null: not known yet). */
    private HadoopStore output;
    /* Whether the output is this run's already (a resumption), so that its log may grow there. */
    private boolean continuesRun;
    private boolean published = true;
    /* The log of earlier processes of the same run (a crash before a resume): kept ahead of this one's. */
    private byte[] earlier = new byte[0];
    private boolean failed;

    private DriverLog(Path file, PrintStream console) throws IOException {
        this.file = file;
        this.sink = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.console = new PrintStream(new Tee(console, this), true, StandardCharsets.UTF_8);
        this.appender = attachAppender(this);
    }

    private static SparkLogAppender attachAppender(DriverLog log) {
        try {
            SparkLogAppender appender = new SparkLogAppender(log);
            appender.start();
            LoggerContext context = sparkLogContext();
            context.getConfiguration().getRootLogger().addAppender(appender, null, null);
            context.updateLoggers();
            return appender;
        } catch (ClassCastException | LinkageError e) {
            return null;
        }
    }

    /** A new log in a local temporary file, teeing {@code console}; the current one until closed. */
    public static DriverLog start(PrintStream console) throws IOException {
        Path file = Files.createTempFile("spark-lstm-driver-", ".log");
        DriverLog log = new DriverLog(file, console);
        CURRENT.set(log);
        return log;
    }

    /** The open log of this JVM's command, or null. */
    static DriverLog current() {
        return CURRENT.get();
    }

    /** The console: what is printed here goes to the log too. */
    public PrintStream console() {
        return console;
    }

    /** From now on the log is copied to {@code run}'s driver.log (the run has claimed that directory). */
    void copyTo(HadoopStore run) {
        byte[] before;
        try {
            before = run.exists(NAME) ? run.readAll(NAME) : new byte[0];
        } catch (IOException e) {
            before = new byte[0];
        }
        synchronized (this) {
            this.runDirectory = run;
            this.earlier = before;
        }
        publish();
    }

    /**
     * The run's output directory, known before the run claims it: a failure from now on, at any stage, leaves the
     * log there as {@code driver.log} (alone, a directory holding only it still counts as empty for the next run),
     * unless the directory holds another run and this one does not continue it ({@code continuesRun}).
     */
    public void failuresGoTo(HadoopStore output, boolean continuesRun) {
        synchronized (this) {
            this.output = output;
            this.continuesRun = continuesRun;
        }
    }

    /** Copies the log to the run directory now, if it has one; a failure to copy is noted in the log only. */
    void publish() {
        synchronized (publishing) {
            HadoopStore target;
            byte[] snapshot;
            synchronized (this) {
                target = runDirectory;
                if (target == null) {
                    return;
                }
                try {
                    sink.flush();
                    snapshot = Files.readAllBytes(file);
                } catch (IOException e) {
                    published = false;
                    return;
                }
            }
            byte[] before = earlier;
            try {
                target.writeAtomically(NAME, out -> {
                    out.write(before);
                    out.write(snapshot);
                });
                published = true;
            } catch (IOException | RuntimeException e) {
                published = false;
                write(("warning: cannot copy the driver log to " + target.location(NAME) + ": " + e + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** A line in the log only, not on the console. */
    public void note(String line) {
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Records {@code e} with its whole stack trace; the error line will name this log. */
    public synchronized void failure(Throwable e) {
        failed = true;
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        write(("failed: " + trace).getBytes(StandardCharsets.UTF_8));
    }

    /** Where the log can be read whole: the run directory's copy, or the local file when there is none. */
    synchronized String location() {
        return runDirectory != null && published ? runDirectory.location(NAME) : file.toString();
    }

    /** The log of the last command that failed, taken once (null: none, or no log was kept). */
    public static String takeLastFailure() {
        return LAST_FAILURE.getAndSet(null);
    }

    @Override
    public void close() throws IOException {
        CURRENT.compareAndSet(this, null);
        if (appender != null) {
            LoggerContext context = sparkLogContext();
            context.getConfiguration().getRootLogger().removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
        console.flush();
        boolean unclaimed;
        synchronized (this) {
            unclaimed = failed && runDirectory == null && output != null;
        }
        if (unclaimed) {
            try {
                if (!continuesRun && !RunDirectory.holdsNoRun(output)) {
                    throw new IOException("it holds another run");
                }
                output.mkdirs();
                copyTo(output);
            } catch (IOException | RuntimeException e) {
                write(("warning: cannot copy the driver log to " + output.location(NAME) + ": " + e + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        publish();
        synchronized (this) {
            sink.close();
            if (failed) {
                LAST_FAILURE.set(location());
            }
            // The local file goes once a copy holds all of it, or when nothing failed (nobody will ask for it).
            if (runDirectory != null && published || !failed) {
                Files.deleteIfExists(file);
            }
        }
    }

    synchronized void write(byte[] bytes) {
        try {
            sink.write(bytes);
        } catch (IOException e) {
            // The log is a help, not the job: a full local disk must not fail a training.
        }
    }

    /* Spark's logging context (log4j 2), whichever class loader loaded this class (spark-submit's is a child). */
    private static LoggerContext sparkLogContext() {
        return (LoggerContext) LogManager.getContext(org.apache.spark.SparkContext.class.getClassLoader(), false);
    }

    /** Log4j events at the root logger's level, formatted like Spark's console lines, into the log. */
    private static final class SparkLogAppender extends AbstractAppender {
        private final DriverLog log;

        SparkLogAppender(DriverLog log) {
            super("spark-lstm-driver-log-" + System.identityHashCode(log), null, layout(), true,
                    Property.EMPTY_ARRAY);
            this.log = log;
        }

        private static Layout<? extends Serializable> layout() {
            return PatternLayout.newBuilder().withPattern("%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex").build();
        }

        @Override
        public void append(LogEvent event) {
            log.write(getLayout().toByteArray(event));
        }
    }

    /** Bytes to the console and to the log. */
    private static final class Tee extends OutputStream {
        private final PrintStream console;
        private final DriverLog log;

        Tee(PrintStream console, DriverLog log) {
            this.console = console;
            this.log = log;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            console.write(b, off, len);
            log.write(java.util.Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void flush() {
            console.flush();
        }
    }
}
