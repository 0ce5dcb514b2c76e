package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@code resume=auto} makes of the output directory, so that a scheduler can retry a run blindly: a fresh
 * start when it holds no checkpoint of this run, a resume from its newest good checkpoint, or nothing at all when
 * the run there has finished with the same settings on the same data ({@code finished} is then its summary, with
 * the gate of these settings applied).
 */
record RetryDecision(boolean resume, ObjectNode finished, String reason) {

    /**
     * Reads {@code output} for a run of {@code config} on data of {@code fingerprint}; a resumed run may change the
     * partition count where {@code partitionsMayChange}. A run there with other settings, or finished on other
     * data, is an error naming the difference: a retry must never continue or report someone else's run.
     */
    static RetryDecision of(HadoopStore output, Config config, boolean partitionsMayChange, String fingerprint)
            throws IOException {
        if (RunDirectory.holdsNoRun(output)) {
            return new RetryDecision(false, null, output.location() + " is empty: a fresh start");
        }
        if (!output.isDirectory()) {
            throw new ConfigException("output=" + output.location() + ": exists and is not a directory");
        }
        Config then = RunDirectory.readConfig(output);
        if (then != null) {
            List<String> differences = config.differencesFrom(then, partitionsMayChange);
            if (!differences.isEmpty()) {
                throw new ConfigException("resume=auto: output=" + output.location() + " holds a run with other "
                        + "settings: " + String.join(", ", differences) + "; use another output, or resume=false "
                        + "output.overwrite=true to replace it");
            }
            ObjectNode summary = RunDirectory.readSummary(output);
            if (summary != null) {
                int epochs = RunSettings.of(config, 1).epochs().toRun();
                if (summary.path("epochs").asInt() >= epochs || summary.hasNonNull("stop_reason")) {
                    requireSameData(output, fingerprint);
                    return new RetryDecision(false, QualityGate.of(config).reapply(output, summary),
                            "the run in " + output.location() + " already finished with these settings (test "
                                    + "accuracy " + summary.path("test_accuracy").asDouble() + "); nothing to do");
                }
            }
        }
        Checkpoints checkpoints = new Checkpoints(output.resolve(RunDirectory.CHECKPOINTS),
                config.integer("checkpoint.keep"));
        if (then != null && checkpoints.latestGood(warning -> { }).isPresent()) {
            return new RetryDecision(true, null, "resuming the run in " + output.location()
                    + " from its newest good checkpoint");
        }
        return new RetryDecision(false, null, output.location() + " holds no checkpoint of this run: a fresh start "
                + "in its place");
    }

    /* The data the finished run last trained on (its newest run record) must be these: new data mean a new run. */
    private static void requireSameData(HadoopStore output, String fingerprint) throws IOException {
        String then = "";
        if (output.exists(RunDirectory.METRICS)) {
            for (String line : new String(output.readAll(RunDirectory.METRICS), StandardCharsets.UTF_8).split("\n")) {
                if (line.contains("\"type\":\"run\"")) {
                    JsonNode record = RunDirectory.JSON.readTree(line);
                    then = record.path("data_fingerprint").asText("");
                }
            }
        }
        List<String> changes = DataFingerprint.changes(then, fingerprint);
        if (!changes.isEmpty()) {
            throw new ConfigException("resume=auto: output=" + output.location() + " holds a run that finished on "
                    + "other data (" + String.join("; ", changes) + "); use another output for a run on these");
        }
    }
}
