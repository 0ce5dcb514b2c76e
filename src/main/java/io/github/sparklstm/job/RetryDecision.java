package io.github.sparklstm.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.spark.Checkpoints;
import io.github.sparklstm.store.HadoopStore;
import java.io.IOException;
import java.util.List;

/**
 * What {@code resume=auto} makes of the output directory, so that a scheduler can retry a run blindly: a fresh
 * start when it holds no checkpoint of this run, a resume from its newest good checkpoint, or nothing at all when
 * the run there has finished with the same settings ({@code finished} is then its summary).
 */
record RetryDecision(boolean resume, ObjectNode finished, String reason) {

    /**
     * Reads {@code output} for a run of {@code config}; {@code free} are the keys a resumed run may change. A run
     * there with other settings is an error naming them: a retry must never continue or report someone else's run.
     */
    static RetryDecision of(HadoopStore output, Config config, List<String> free) throws IOException {
        if (output.isEmptyOrMissing()) {
            return new RetryDecision(false, null, output.location() + " is empty: a fresh start");
        }
        if (!output.isDirectory()) {
            throw new ConfigException("output=" + output.location() + ": exists and is not a directory");
        }
        Config then = output.exists(RunDirectory.CONFIG) ? Config.fromProperties(new String(output.readAll(
                RunDirectory.CONFIG), java.nio.charset.StandardCharsets.UTF_8), output.location(RunDirectory.CONFIG))
                : null;
        if (then != null) {
            List<String> differences = config.differencesFrom(then, free);
            if (!differences.isEmpty()) {
                throw new ConfigException("resume=auto: output=" + output.location() + " holds a run with other "
                        + "settings: " + String.join(", ", differences) + "; use another output, or resume=false "
                        + "output.overwrite=true to replace it");
            }
            if (output.exists(RunDirectory.SUMMARY)) {
                ObjectNode summary = (ObjectNode) RunDirectory.JSON.readTree(output.readAll(RunDirectory.SUMMARY));
                int stopAfter = config.integer("train.stopAfterEpochs");
                int epochs = stopAfter > 0 ? Math.min(stopAfter, config.integer("train.epochs"))
                        : config.integer("train.epochs");
                if (summary.path("epochs").asInt() >= epochs || summary.hasNonNull("stop_reason")) {
                    return new RetryDecision(false, summary, "the run in " + output.location() + " already "
                            + "finished with these settings (test accuracy " + summary.path("test_accuracy").asDouble()
                            + "); nothing to do");
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
}
