package io.github.sparklstm.job;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Registered through spark.extraListeners: counts failed task attempts, so a test knows a retry happened. */
public class FailedTaskCounter extends SparkListener {

    static final AtomicInteger FAILED = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!taskEnd.taskInfo().successful()) {
            FAILED.incrementAndGet();
        }
    }
}
