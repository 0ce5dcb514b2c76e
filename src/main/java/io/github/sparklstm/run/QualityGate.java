package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.Config;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.Evaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bar a scheduled pipeline sets for a model before anything downstream uses it: the lowest test accuracy, the
 * highest test loss and the highest test bits per step (the loss in bits: a language model's bits per symbol)
 * (0: that check is off). A model that misses it is kept in {@code model-rejected/}, never in
 * {@code model/}, and the job exits with {@link Failures#EXIT_GATE}.
 */
public record QualityGate(double minTestAccuracy, double maxTestLoss, double maxTestBitsPerStep,
                          double maxTestMase, double maxTestSmape) {

    static QualityGate of(Config config) {
        return new QualityGate(config.real("gate.minTestAccuracy"), config.real("gate.maxTestLoss"),
                config.real("gate.maxTestBitsPerStep"), config.real("gate.maxTestMase"),
                config.real("gate.maxTestSmape"));
    }

    boolean isSet() {
        return minTestAccuracy > 0 || maxTestLoss > 0 || maxTestBitsPerStep > 0 || maxTestMase > 0
                || maxTestSmape > 0;
    }

    /** What {@code test} misses, one phrase per check; empty when it passes. */
    List<String> misses(Evaluation test) {
        var forecast = test.forecast();
        var model = io.github.sparklstm.train.ForecastMetrics.Method.MODEL;
        return misses(forecast != null ? Double.NaN : test.accuracy(), test.meanLoss(),
                forecast == null ? Double.NaN : forecast.mase(model, -1),
                forecast == null ? Double.NaN : forecast.smape(model, -1));
    }

    private List<String> misses(double accuracy, double loss, double mase, double smape) {
        List<String> misses = new ArrayList<>();
        if (maxTestMase > 0 && !(mase <= maxTestMase)) {
            misses.add(String.format(Locale.ROOT, "test MASE %.4f > gate.maxTestMase %s", mase, maxTestMase));
        }
        if (maxTestSmape > 0 && !(smape <= maxTestSmape)) {
            misses.add(String.format(Locale.ROOT, "test sMAPE %.4f > gate.maxTestSmape %s", smape, maxTestSmape));
        }
        if (minTestAccuracy > 0 && !(accuracy >= minTestAccuracy)) {
            misses.add(String.format(Locale.ROOT, "test accuracy %.4f < gate.minTestAccuracy %s", accuracy,
                    minTestAccuracy));
        }
        if (maxTestLoss > 0 && !(loss <= maxTestLoss)) {
            misses.add(String.format(Locale.ROOT, "test loss %.4f > gate.maxTestLoss %s", loss, maxTestLoss));
        }
        double bits = loss / Math.log(2);
        if (maxTestBitsPerStep > 0 && !(bits <= maxTestBitsPerStep)) {
            misses.add(String.format(Locale.ROOT, "test bits per step %.4f > gate.maxTestBitsPerStep %s", bits,
                    maxTestBitsPerStep));
        }
        return misses;
    }

    /**
     * A finished run judged again by this gate when it differs from the one it was last judged by (the one
     * summary.json records, or none): the model moves between model/ and model-rejected/ as the new outcome says,
     * and summary.json records it. Returns the summary as it now stands.
     */
    ObjectNode reapply(HadoopStore run, ObjectNode summary) throws IOException {
        if (equals(recordedIn(summary))) {
            return summary;
        }
        List<String> misses = misses(summary.path("test_accuracy").asDouble(Double.NaN),
                summary.path("test_loss").asDouble(Double.NaN), summary.path("test_mase").asDouble(Double.NaN),
                summary.path("test_smape").asDouble(Double.NaN));
        String to = misses.isEmpty() ? RunDirectory.MODEL : RunDirectory.REJECTED_MODEL;
        String from = misses.isEmpty() ? RunDirectory.REJECTED_MODEL : RunDirectory.MODEL;
        if (run.exists(from) && !run.exists(to)) {
            run.renameDirectory(from, to);
        }
        summary.remove(List.of("gate", "model"));
        if (isSet()) {
            addTo(summary, misses);
        }
        RunDirectory.writeSummary(run, summary);
        return summary;
    }

    /* The gate a summary was judged by: its "gate" object's bars, 0 for those it lacks. */
    private static QualityGate recordedIn(ObjectNode summary) {
        var gate = summary.path("gate");
        return new QualityGate(gate.path("min_test_accuracy").asDouble(0), gate.path("max_test_loss").asDouble(0),
                gate.path("max_test_bits_per_step").asDouble(0), gate.path("max_test_mase").asDouble(0),
                gate.path("max_test_smape").asDouble(0));
    }

    /** Adds the gate's outcome to a run's summary, {@code "gate": {..., "passed", "misses"}}, and the model's place. */
    void addTo(ObjectNode summary, List<String> misses) {
        ObjectNode gate = summary.putObject("gate");
        if (minTestAccuracy > 0) {
            gate.put("min_test_accuracy", minTestAccuracy);
        }
        if (maxTestLoss > 0) {
            gate.put("max_test_loss", maxTestLoss);
        }
        if (maxTestBitsPerStep > 0) {
            gate.put("max_test_bits_per_step", maxTestBitsPerStep);
        }
        if (maxTestMase > 0) {
            gate.put("max_test_mase", maxTestMase);
        }
        if (maxTestSmape > 0) {
            gate.put("max_test_smape", maxTestSmape);
        }
        gate.put("passed", misses.isEmpty());
        misses.forEach(gate.putArray("misses")::add);
        summary.put("model", misses.isEmpty() ? RunDirectory.MODEL : RunDirectory.REJECTED_MODEL);
    }

    /** The job's exit code for a run with {@code summary}: 0, or the gate's code when its model was refused. */
    public static int exitCode(ObjectNode summary) {
        return summary.path("gate").path("passed").asBoolean(true) ? 0 : Failures.EXIT_GATE;
    }
}
