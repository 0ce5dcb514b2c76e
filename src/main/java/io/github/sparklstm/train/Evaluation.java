package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.BatchOutcome;
import io.github.sparklstm.nn.LstmNetwork;
import java.io.Serializable;

/**
 * Classification results over a set of examples: summed cross-entropy, and the confusion matrix (row = true class,
 * column = predicted), from which accuracy and per-class precision and recall follow. Partial evaluations of
 * disjoint parts merge exactly (counts add; the loss sum adds in the order merged).
 */
public final class Evaluation implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[][] confusion;
    private double lossSum;
    private long examples;

    public Evaluation(int classes) {
        confusion = new long[classes][classes];
    }

    /** Evaluates {@code model} on all of {@code data} in order, in batches of the model's maximum size. */
    public static Evaluation of(LstmNetwork model, SequenceSet data, InputScaling scaling) {
        Evaluation evaluation = new Evaluation(model.spec().classes());
        BatchBuilder builder = new BatchBuilder(data, scaling, model.maxBatch());
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int from = 0; from < order.length; from += model.maxBatch()) {
            int size = Math.min(model.maxBatch(), order.length - from);
            var batch = builder.build(order, from, size);
            evaluation.add(batch.labels(), model.forward(batch));
        }
        return evaluation;
    }

    public void add(int[] labels, BatchOutcome outcome) {
        for (int n = 0; n < outcome.examples(); n++) {
            confusion[labels[n]][outcome.predictions()[n]]++;
        }
        lossSum += outcome.lossSum();
        examples += outcome.examples();
    }

    /** Adds {@code other}'s counts and loss into this one; returns this. */
    public Evaluation merge(Evaluation other) {
        if (other.confusion.length != confusion.length) {
            throw new IllegalArgumentException("cannot merge evaluations over " + other.confusion.length + " and "
                    + confusion.length + " classes");
        }
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                confusion[i][j] += other.confusion[i][j];
            }
        }
        lossSum += other.lossSum;
        examples += other.examples;
        return this;
    }

    public int classes() {
        return confusion.length;
    }

    public long examples() {
        return examples;
    }

    public double meanLoss() {
        return lossSum / examples;
    }

    public double accuracy() {
        long hits = 0;
        for (int k = 0; k < confusion.length; k++) {
            hits += confusion[k][k];
        }
        return (double) hits / examples;
    }

    /** Of the examples predicted as class k, the fraction that are k (NaN when none were predicted k). */
    public double precision(int k) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[k];
        }
        return predicted == 0 ? Double.NaN : (double) confusion[k][k] / predicted;
    }

    /** Of the examples of class k, the fraction predicted k (NaN when there are none). */
    public double recall(int k) {
        long actual = 0;
        for (long count : confusion[k]) {
            actual += count;
        }
        return actual == 0 ? Double.NaN : (double) confusion[k][k] / actual;
    }

    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }
}
