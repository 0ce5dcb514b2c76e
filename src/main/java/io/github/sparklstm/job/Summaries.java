package io.github.sparklstm.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.train.Evaluation;

/** An evaluation as JSON: accuracy, loss, per-class precision and recall, confusion matrix (rows: true class). */
final class Summaries {

    private Summaries() {
    }

    static ObjectNode of(Evaluation test) {
        ObjectNode s = RunDirectory.JSON.createObjectNode();
        s.put("test_accuracy", test.accuracy());
        s.put("test_loss", test.meanLoss());
        s.put("test_examples", test.examples());
        ArrayNode classes = s.putArray("per_class");
        for (int k = 0; k < test.classes(); k++) {
            ObjectNode c = classes.addObject();
            c.put("class", k);
            c.put("precision", test.precision(k));
            c.put("recall", test.recall(k));
        }
        ArrayNode confusion = s.putArray("confusion_matrix");
        for (long[] row : test.confusionMatrix()) {
            ArrayNode r = confusion.addArray();
            for (long count : row) {
                r.add(count);
            }
        }
        return s;
    }
}
