package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.distributed.training.MetricRecords;
import io.github.sparklstm.train.Evaluation;

/**
 * Evaluations as JSON: the summary of a model (accuracy, loss, per-class precision and recall, confusion matrix with
 * rows as true classes), the summary of a finished run, and the per-epoch {@code "eval"} record of metrics.jsonl.
 */
public final class Summaries {

    private Summaries() {
    }

    public static ObjectNode of(Evaluation test, ClassLabels labels) {
        ObjectNode s = RunDirectory.JSON.createObjectNode();
        if (test.forecast() != null) {
            // A forecaster: errors in the data's units beside the naive and seasonal naive forecasts'.
            s.put("test_loss", test.meanLoss());
            s.put("test_examples", test.examples());
            MetricRecords.putForecast(s, "test", test.forecast(), true);
            return s;
        }
        s.put("test_accuracy", test.accuracy());
        s.put("test_loss", test.meanLoss());
        s.put("test_examples", test.examples());
        if (test.perStep()) {
            // test_accuracy is per labelled step; a sequence is right when all its labelled steps are.
            s.put("test_steps", test.scored());
            s.put("test_sequence_accuracy", test.sequenceAccuracy());
            // The mean cross-entropy per labelled step in bits, and its perplexity: a language model's figures
            // (a step is a symbol, so bits per character for data.text.unit=char).
            s.put("test_bits_per_step", test.bitsPerStep());
            s.put("test_perplexity", Math.exp(test.meanLoss()));
        }
        s.put("test_macro_f1", test.macroF1());
        long[][] matrix = test.confusionMatrix();
        if (matrix == null) {
            return s; // a vocabulary of words: per class and the matrix would be megabytes of summary
        }
        ArrayNode classes = s.putArray("per_class");
        for (int k = 0; k < test.classes(); k++) {
            ObjectNode c = classes.addObject();
            c.put("class", k);
            c.put("label", labels.name(k));
            c.put("precision", test.precision(k));
            c.put("recall", test.recall(k));
            c.put("f1", test.f1(k));
        }
        ArrayNode confusion = s.putArray("confusion_matrix");
        for (long[] row : matrix) {
            ArrayNode r = confusion.addArray();
            for (long count : row) {
                r.add(count);
            }
        }
        return s;
    }

    /** summary.json of a finished run; {@code rounds} is null for a single-process run, which has none. */
    static ObjectNode ofRun(Evaluation test, ClassLabels labels, int epochs, Long rounds, long steps,
                            double wallSeconds, double dataLoadSeconds, double trainSeconds, long examples,
                            int partitions) {
        ObjectNode s = of(test, labels);
        s.put("epochs", epochs);
        if (rounds != null) {
            s.put("rounds", rounds);
        }
        s.put("steps", steps);
        s.put("wall_s", wallSeconds);
        s.put("data_load_s", dataLoadSeconds);
        s.put("train_s", trainSeconds);
        s.put("examples_per_s", examples / Math.max(1e-9, trainSeconds));
        s.put("workers", partitions);
        return s;
    }

    /**
     * What model selection decided, added to a run's summary: which parameters were kept, the validation of the
     * kept model, the best validation's epoch (1-based), and why training stopped early (null: it did not).
     */
    static ObjectNode withSelection(ObjectNode s, String kept, Evaluation validation, int bestEpoch,
                                    String stopReason) {
        s.put("kept", kept);
        if (validation != null && validation.forecast() != null) {
            s.put("validation_loss", validation.meanLoss());
            MetricRecords.putForecast(s, "validation", validation.forecast(), false);
            s.put("validation_examples", validation.examples());
            s.put("best_epoch", bestEpoch + 1);
        } else if (validation != null) {
            s.put("validation_loss", validation.meanLoss());
            s.put("validation_accuracy", validation.accuracy());
            if (validation.perStep()) {
                s.put("validation_sequence_accuracy", validation.sequenceAccuracy());
            }
            s.put("validation_macro_f1", validation.macroF1());
            s.put("validation_examples", validation.examples());
            s.put("best_epoch", bestEpoch + 1);
        }
        if (stopReason == null) {
            s.putNull("stop_reason");
        } else {
            s.put("stop_reason", stopReason);
        }
        return s;
    }
}
