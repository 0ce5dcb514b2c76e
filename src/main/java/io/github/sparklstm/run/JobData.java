package io.github.sparklstm.run;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.distributed.data.DataCatalog;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.storage.DataFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The job's data.* settings as the data layer takes them, and the checks a run makes of its data. */
public final class JobData {

    private JobData() {
    }

    public static DataCatalog plan(SparkSession spark, Config config) throws java.io.IOException {
        return DataCatalog.of(spark, DataSettings.of(config));
    }

    /** The training and test sets' fingerprints as a checkpoint stores them. */
    static String fingerprint(DataCatalog plan) {
        Map<String, DataFingerprint> named = new LinkedHashMap<>();
        named.put("train", plan.trainFingerprint());
        named.put("test", plan.testFingerprint());
        if (!plan.validationFingerprint().files().isEmpty()) {
            named.put("validation", plan.validationFingerprint());
        }
        return DataFingerprint.combine(named);
    }

    /** What differs between two fingerprints, one phrase per file; empty when either is unknown (""). */
    static List<String> changes(String then, String now) {
        List<String> changes = new ArrayList<>();
        if (then.isEmpty() || now.isEmpty()) {
            return changes;
        }
        Map<String, DataFingerprint> before = DataFingerprint.split(then);
        DataFingerprint.split(now).forEach((set, print) -> print.changesSince(before.getOrDefault(set,
                new DataFingerprint(List.of()))).forEach(change -> changes.add(set + " " + change)));
        return changes;
    }

    /**
     * Refuses to resume on data that differ from those the checkpoint was trained on, unless allowed; returns
     * warnings to print (an allowed change, or a checkpoint from before fingerprints).
     */
    static List<String> checkUnchanged(String then, String now, boolean allowed, String checkpoint)
            throws InvalidDataException {
        List<String> warnings = new ArrayList<>();
        if (then.isEmpty()) {
            warnings.add(checkpoint + " records no data fingerprint; cannot check the data are unchanged");
            return warnings;
        }
        List<String> changes = changes(then, now);
        if (changes.isEmpty()) {
            return warnings;
        }
        String what = "the data differ from those the checkpoint was trained on: " + String.join("; ", changes);
        if (!allowed) {
            throw new InvalidDataException(checkpoint, what + " (set resume.allowDataChange=true to resume anyway)");
        }
        warnings.add(what + "; resuming anyway (resume.allowDataChange=true)");
        return warnings;
    }
}
