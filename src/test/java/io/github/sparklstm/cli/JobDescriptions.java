package io.github.sparklstm.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** Registered through spark.extraListeners: the group and description of every job, as the Spark UI lists them. */
public class JobDescriptions extends SparkListener {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        var properties = jobStart.properties();
        SEEN.add(properties.getProperty("spark.jobGroup.id") + ": " + properties.getProperty("spark.job.description"));
    }
}
