package io.github.sparklstm.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Registered through spark.extraListeners: counts task attempts that failed with an exception, so a test knows a
 * retry happened. Tasks Spark killed (the other tasks of a barrier stage that is re-run) do not count.
 */
public class FailedTaskCounter extends SparkListener {

    static final AtomicInteger FAILED = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!taskEnd.taskInfo().successful() && taskEnd.reason() instanceof org.apache.spark.ExceptionFailure) {
            FAILED.incrementAndGet();
        }
    }
}
