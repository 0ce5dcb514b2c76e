package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files of one run, on any Hadoop file system: {@code config.properties}, {@code metrics.jsonl},
 * {@code summary.json}, {@code curves.png}, {@code model/} (or {@code model-rejected/} when the quality gate refused
 * it), {@code checkpoints/} and {@code driver.log}. Every file is replaced atomically, except metrics.jsonl, which
 * grows a flushed line at a time where the file system can append; summary, curves and model appear only when the
 * run has finished.
 */
public final class RunDirectory implements java.io.Closeable {

    static final String CONFIG = "config.properties";
    public static final String METRICS = "metrics.jsonl";
    public static final String SUMMARY = "summary.json";
    static final String CURVES = "curves.png";
    static final String MODEL = "model";
    static final String REJECTED_MODEL = "model-rejected";
    static final String CHECKPOINTS = "checkpoints";
    public static final String CONSOLE = "console.log";
    private static final Set<String> OURS = Set.of(CONFIG, METRICS, SUMMARY, CURVES, MODEL, REJECTED_MODEL,
            CHECKPOINTS, CONSOLE, DriverLog.NAME);
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HadoopStore store;
    private final List<String> metricLines = new ArrayList<>();
    private long lastFlush;
    /* Open once the first record is added; null after that on stores that cannot append. */
    private HadoopStore.LineLog metricsLog;
    private boolean metricsOpen;
    /** The previous run to replace, removed only when this one writes its first file (its data were good). */
    private boolean replacePrevious;

    private RunDirectory(HadoopStore store) {
        this.store = store;
    }

    /**
     * Opens {@code store} for a run: it must be missing or empty, unless resuming (then it must hold checkpoints)
     * or overwriting (then this job's files in it are removed when the new run writes its configuration, after its
     * data passed their checks; other files make it refuse).
     */
    public static RunDirectory prepare(HadoopStore store, boolean resume, boolean overwrite) throws IOException {
        RunDirectory run = new RunDirectory(store);
        if (!holdsNoRun(store) && !resume) {
            if (!store.isDirectory()) {
                throw new ConfigException("output=" + store.location() + ": exists and is not a directory");
            }
            if (!overwrite) {
                throw new ConfigException("output=" + store.location() + ": exists and is not empty; pass resume=true "
                        + "to continue that run or output.overwrite=true to replace it");
            }
            for (String name : store.list()) {
                if (!OURS.contains(name) && !name.startsWith(".")) {
                    throw new ConfigException("output=" + store.location() + ": holds " + name
                            + ", which is not from a spark-lstm run; refusing to overwrite");
                }
            }
            run.replacePrevious = true;
        }
        store.mkdirs();
        if (resume && store.exists(METRICS)) {
            for (String line : new String(store.readAll(METRICS), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    run.metricLines.add(line);
                }
            }
        }
        return run;
    }

    String location() {
        return store.location();
    }

    /**
     * Whether {@code store} is free for a new run: missing, empty, or holding only the driver log of a run that
     * failed before it claimed the directory (which the next run keeps ahead of its own).
     */
    static boolean holdsNoRun(HadoopStore store) throws IOException {
        return store.isEmptyOrMissing() || store.isDirectory() && store.list().equals(List.of(DriverLog.NAME));
    }

    Checkpoints checkpoints(int keep) {
        return new Checkpoints(store.resolve(CHECKPOINTS), keep);
    }

    /**
     * Claims the directory for a run of {@code config} (from {@code fromRound} when resuming): its configuration,
     * the driver log's copy, and the {@code "type":"run"} record that opens this process's part of metrics.jsonl.
     */
    void begin(Config config, String dataFingerprint, long fromRound) throws IOException {
        writeConfig(config);
        if (DriverLog.current() != null) {
            DriverLog.current().copyTo(store);
        }
        addMetric(DistributedRun.runRecord(config, dataFingerprint, fromRound));
    }

    private void writeConfig(Config config) throws IOException {
        if (replacePrevious) {
            for (String name : store.list()) {
                store.delete(name);
            }
            replacePrevious = false;
        }
        byte[] text = config.toProperties().getBytes(StandardCharsets.UTF_8);
        store.writeAtomically(CONFIG, out -> out.write(text));
    }

    /** On resume: forget metrics after the checkpoint's round, so the file reads as one uninterrupted run. */
    void keepMetricsUpTo(long round) throws IOException {
        closeMetrics();
        metricLines.removeIf(line -> {
            try {
                return JSON.readTree(line).path("round").asLong(Long.MAX_VALUE) > round;
            } catch (IOException e) {
                return true; // a line cut short by the crash
            }
        });
        flushMetrics();
    }

    void addMetric(ObjectNode record) throws IOException {
        String line = JSON.writeValueAsString(record);
        metricLines.add(line);
        if (!metricsOpen) {
            openMetrics();
        } else if (metricsLog != null) {
            try {
                metricsLog.add(line);
            } catch (IOException e) {
                // A stream the file system broke (a lost datanode): go on rewriting the whole file instead.
                HadoopStore.LineLog broken = metricsLog;
                metricsLog = null;
                try {
                    broken.close();
                } catch (IOException ignored) {
                    // already broken
                }
                rewriteMetrics();
            }
        } else if (System.nanoTime() - lastFlush > 1_000_000_000L) {
            // Object stores cannot append: the whole file is rewritten instead, at most once a second.
            rewriteMetrics();
        }
    }

    List<String> metricLines() {
        return List.copyOf(metricLines);
    }

    /** Makes every record so far readable in metrics.jsonl. */
    void flushMetrics() throws IOException {
        if (!metricsOpen) {
            openMetrics();
        } else if (metricsLog == null) {
            rewriteMetrics();
        }
    }

    private void openMetrics() throws IOException {
        metricsLog = store.appendLines(METRICS, metricLines);
        metricsOpen = true;
        lastFlush = System.nanoTime();
    }

    private void rewriteMetrics() throws IOException {
        byte[] text = (String.join("\n", metricLines) + (metricLines.isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8);
        store.writeAtomically(METRICS, out -> out.write(text));
        lastFlush = System.nanoTime();
    }

    private void closeMetrics() throws IOException {
        if (metricsLog != null) {
            try {
                metricsLog.close();
            } catch (IOException e) {
                // The append stream broke on its way (HDFS with fewer datanodes than replicas): the file is
                // written whole instead, so the run's records are all there.
                metricsLog = null;
                rewriteMetrics();
            }
        } else if (metricsOpen) {
            rewriteMetrics();
        }
        metricsLog = null;
        metricsOpen = false;
    }

    @Override
    public void close() throws IOException {
        closeMetrics();
    }

    HadoopStore store() {
        return store;
    }

    void writeSummary(ObjectNode summary) throws IOException {
        writeSummary(store, summary);
    }

    /** summary.json of the run in {@code run}, replaced atomically. */
    static void writeSummary(HadoopStore run, ObjectNode summary) throws IOException {
        byte[] text = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary);
        run.writeAtomically(SUMMARY, out -> out.write(text));
    }

    void writeCurves(Curves curves) throws IOException {
        store.writeAtomically(CURVES, curves::writePng);
    }

    /**
     * model/ (or model-rejected/ when the quality gate refused it, so nothing downstream mistakes it for a good
     * one): the model files, with the run's metrics as the model's history. The other of the two goes.
     */
    void writeModel(SavedModel model, boolean rejected) throws IOException {
        ModelDirectory.write(store.resolve(rejected ? REJECTED_MODEL : MODEL), model, metricLines);
        store.delete(rejected ? MODEL : REJECTED_MODEL);
    }

    /** summary.json of a finished run in {@code run}, or null. */
    static ObjectNode readSummary(HadoopStore run) throws IOException {
        return run.exists(SUMMARY) ? (ObjectNode) JSON.readTree(run.readAll(SUMMARY)) : null;
    }

    /** The effective configuration of the run in {@code run}, or null when it has none. */
    static Config readConfig(HadoopStore run) throws IOException {
        return run.exists(CONFIG) ? Config.fromProperties(new String(run.readAll(CONFIG),
                StandardCharsets.UTF_8), run.location(CONFIG)) : null;
    }
}
