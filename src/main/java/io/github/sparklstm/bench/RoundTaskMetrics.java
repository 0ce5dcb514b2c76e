package io.github.sparklstm.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's own timing of the tasks of training rounds (jobs in the group the trainer names "spark-lstm round") of
 * one epoch, for a run the bench starts in this JVM: registered through {@code spark.extraListeners}, which
 * instantiates it with no arguments, so the epoch to watch and what it collects are kept in one static place that
 * the bench sets, reads and clears.
 */
public final class RoundTaskMetrics extends SparkListener {

    /** Per task, milliseconds: the scheduler's delay, deserialising the task, serialising and fetching its result. */
    record Task(double schedulerDelay, double deserialize, double resultSerialize, double gettingResult) {
    }

    private static final List<Task> TASKS = new ArrayList<>();
    private static volatile String epoch = "";
    private final Map<Integer, Boolean> roundStages = new HashMap<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
        String description = start.properties() == null ? null
                : start.properties().getProperty("spark.job.description");
        // The trainer describes a round's job as "round r/R, epoch e/E".
        boolean round = group != null && group.endsWith(" round") && description != null
                && description.contains(", epoch " + epoch);
        // Seq's own iterator: Scala's Java converters are not the same class in 2.12 (spark-3.5) and 2.13.
        for (var stages = start.stageIds().iterator(); stages.hasNext(); ) {
            roundStages.put((Integer) stages.next(), round);
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        var metrics = end.taskMetrics();
        if (metrics == null || !roundStages.getOrDefault(end.stageId(), false)) {
            return;
        }
        var info = end.taskInfo();
        double deserialize = metrics.executorDeserializeTime();
        double run = metrics.executorRunTime();
        double serialize = metrics.resultSerializationTime();
        double getting = info.gettingResult() ? info.finishTime() - info.gettingResultTime() : 0;
        // As Spark's UI computes it: the task's wall time less the executor's and the fetch's parts.
        double delay = Math.max(0, info.duration() - deserialize - run - serialize - getting);
        synchronized (TASKS) {
            TASKS.add(new Task(delay, deserialize, serialize, getting));
        }
    }

    /** Collects from now on the tasks of rounds in epoch {@code e} (1-based) of {@code of}. */
    static void watchEpoch(int e, int of) {
        epoch = e + "/" + of;
    }

    /** The tasks collected since the last call, and forgets them. */
    static List<Task> drain() {
        synchronized (TASKS) {
            List<Task> all = new ArrayList<>(TASKS);
            TASKS.clear();
            return all;
        }
    }
}
