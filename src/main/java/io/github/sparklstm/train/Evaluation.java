package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.ForecastReference;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.BatchOutcome;
import io.github.sparklstm.nn.LstmNetwork;
import java.io.Serializable;

/**
 * Classification results over a set of examples: summed cross-entropy, and per class the scored predictions (one
 * per sequence, or one per labelled step of a per-step model) that were labelled it, predicted it and right, from
 * which accuracy, per-class precision, recall and F1 and the macro-F1 follow; the confusion matrix (row = true
 * class, column = predicted) too, up to {@link #MATRIX_LIMIT} classes (a word model's vocabulary would make it
 * gigabytes); for per-step models also how many sequences had every labelled step right. Partial evaluations of
 * disjoint parts merge exactly (counts add; the loss sum adds in the order merged).
 */
public final class Evaluation implements Serializable {

    private static final long serialVersionUID = 3L;

    /** The most classes a confusion matrix is kept for. */
    public static final int MATRIX_LIMIT = 1_024;

    private final long[] labelled;
    private final long[] predicted;
    private final long[] right;
    private final long[][] confusion;
    private double lossSum;
    private long scored;
    private long sequences;
    private long sequencesScored;
    private long sequencesRight;
    private boolean perStep;
    /** A regression model's forecast errors, beside its baselines'; null for a classifier. */
    private ForecastMetrics forecast;

    public Evaluation(int classes) {
        labelled = new long[classes];
        predicted = new long[classes];
        right = new long[classes];
        confusion = classes <= MATRIX_LIMIT ? new long[classes][classes] : null;
    }

    private void count(int label, int prediction) {
        labelled[label]++;
        predicted[prediction]++;
        right[label] += label == prediction ? 1 : 0;
        if (confusion != null) {
            confusion[label][prediction]++;
        }
    }

    /** Evaluates {@code model} on all of {@code data} in order, in batches of the model's maximum size. */
    public static Evaluation of(LstmNetwork model, SequenceSet data, InputScaling scaling) {
        return of(model, data, scaling, false);
    }

    /**
     * As {@link #of(LstmNetwork, SequenceSet, InputScaling)}; with {@code carryState} the examples are consecutive
     * windows of a text, read as the model's maxBatch streams ({@link EpochOrder#streams(int, int)}) each of which
     * starts from zero and carries its state from window to window, as the model was trained.
     */
    public static Evaluation of(LstmNetwork model, SequenceSet data, InputScaling scaling, boolean carryState) {
        Evaluation evaluation = new Evaluation(model.spec().classes());
        BatchBuilder builder = new BatchBuilder(data, scaling, model.maxBatch());
        int[] order = carryState ? EpochOrder.streams(data.size(), model.maxBatch()) : inOrder(data.size());
        LstmNetwork.State state = carryState ? model.newState() : null;
        model.startFrom(state);
        try {
            for (int from = 0; from < order.length; from += model.maxBatch()) {
                int size = Math.min(model.maxBatch(), order.length - from);
                var batch = builder.build(order, from, size);
                BatchOutcome outcome = model.forward(batch);
                if (batch.regression()) {
                    evaluation.add(batch, outcome, model.logits(), model.spec().classes());
                } else {
                    evaluation.add(batch, outcome);
                }
                if (state != null) {
                    model.saveState(state, size);
                }
            }
        } finally {
            model.startFrom(null);
        }
        return evaluation;
    }

    private static int[] inOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Adds {@code outcome}, the model's predictions for {@code batch}. */
    public void add(SequenceBatch batch, BatchOutcome outcome) {
        int[] predictions = outcome.predictions();
        if (batch.stepLabels() == null) {
            int[] labels = batch.labels();
            for (int n = 0; n < outcome.examples(); n++) {
                count(labels[n], predictions[n]);
                if (labels[n] == predictions[n]) {
                    sequencesRight++;
                }
            }
            sequencesScored += outcome.examples();
        } else {
            perStep = true;
            int size = batch.size();
            boolean[] wrong = new boolean[size];
            boolean[] labelled = new boolean[size];
            int[] labels = batch.stepLabels();
            for (int row = 0; row < labels.length; row++) {
                if (labels[row] >= 0) {
                    count(labels[row], predictions[row]);
                    wrong[row % size] |= labels[row] != predictions[row];
                    labelled[row % size] = true;
                }
            }
            for (int e = 0; e < size; e++) {
                sequencesScored += labelled[e] ? 1 : 0;
                sequencesRight += labelled[e] && !wrong[e] ? 1 : 0;
            }
        }
        lossSum += outcome.lossSum();
        scored += outcome.labelled();
        sequences += outcome.examples();
    }

    /**
     * Adds a regression model's {@code outcome} for {@code batch}, whose standardised forecasts are {@code values}
     * ({@link LstmNetwork#logits()}, {@code outputs} per row): the loss, and, where the batch carries references (forecasting windows), the
     * forecast errors of each example; a per-step model's forecast is its last step's.
     */
    public void add(SequenceBatch batch, BatchOutcome outcome, double[] values, int outputs) {
        lossSum += outcome.lossSum();
        scored += outcome.labelled();
        sequences += outcome.examples();
        float[] references = batch.references();
        if (references == null) {
            return;
        }
        int size = batch.size();
        int width = references.length / size;
        int targets = ForecastReference.targets(width, outputs);
        if (forecast == null) {
            forecast = new ForecastMetrics(outputs / targets, targets);
        }
        double[] predicted = new double[outputs];
        float[] actual = new float[outputs];
        float[] reference = new float[width];
        boolean perStepRows = values.length > size * outputs;
        for (int e = 0; e < size; e++) {
            int row = perStepRows ? (batch.steps() - 1) * size + e : e;
            System.arraycopy(values, row * outputs, predicted, 0, outputs);
            System.arraycopy(batch.targets(), row * outputs, actual, 0, outputs);
            System.arraycopy(references, e * width, reference, 0, width);
            forecast.add(predicted, actual, reference);
        }
    }

    /** Adds {@code other}'s counts and loss into this one; returns this. */
    public Evaluation merge(Evaluation other) {
        if (other.labelled.length != labelled.length) {
            throw new IllegalArgumentException("cannot merge evaluations over " + other.labelled.length + " and "
                    + labelled.length + " classes");
        }
        for (int k = 0; k < labelled.length; k++) {
            labelled[k] += other.labelled[k];
            predicted[k] += other.predicted[k];
            right[k] += other.right[k];
        }
        if (confusion != null) {
            for (int i = 0; i < confusion.length; i++) {
                for (int j = 0; j < confusion.length; j++) {
                    confusion[i][j] += other.confusion[i][j];
                }
            }
        }
        lossSum += other.lossSum;
        scored += other.scored;
        sequences += other.sequences;
        sequencesScored += other.sequencesScored;
        sequencesRight += other.sequencesRight;
        perStep |= other.perStep;
        if (other.forecast != null) {
            forecast = forecast == null ? other.forecast.copy() : forecast.merge(other.forecast);
        }
        return this;
    }

    /** A forecaster's errors beside its baselines', or null (a classifier, or a regression without references). */
    public ForecastMetrics forecast() {
        return forecast;
    }

    public int classes() {
        return labelled.length;
    }

    /** The sequences evaluated. */
    public long examples() {
        return sequences;
    }

    /** Whether the predictions are per step (a sequence-labelling model's). */
    public boolean perStep() {
        return perStep;
    }

    /** The predictions scored: the sequences, or a per-step model's labelled steps. */
    public long scored() {
        return scored;
    }

    /** The mean loss over the scored predictions. */
    public double meanLoss() {
        return lossSum / scored;
    }

    /** The mean loss in bits: a language model's bits per symbol (per character for characters). */
    public double bitsPerStep() {
        return meanLoss() / Math.log(2);
    }

    /** The share of scored predictions that are right (per labelled step, for a per-step model). */
    public double accuracy() {
        long hits = 0;
        for (long r : right) {
            hits += r;
        }
        return (double) hits / scored;
    }

    /**
     * The share of sequences with every labelled step right, of those with a labelled step (for a whole-sequence
     * model: its accuracy).
     */
    public double sequenceAccuracy() {
        return (double) sequencesRight / sequencesScored;
    }

    /** Of the predictions of class k, the fraction that are k (NaN when none were predicted k). */
    public double precision(int k) {
        return predicted[k] == 0 ? Double.NaN : (double) right[k] / predicted[k];
    }

    /** Of the labels of class k, the fraction predicted k (NaN when there are none). */
    public double recall(int k) {
        return labelled[k] == 0 ? Double.NaN : (double) right[k] / labelled[k];
    }

    /**
     * The harmonic mean of class k's precision and recall: 0 when the class is never predicted (or either is 0),
     * NaN when it is never a label.
     */
    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        if (Double.isNaN(r)) {
            return Double.NaN;
        }
        return Double.isNaN(p) || p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The mean F1 over the classes that occur among the labels, a class never predicted counting 0: what a
     * labelling task with rare classes is judged by, since accuracy follows the common ones.
     * (The classes that occur only among the predictions count nowhere.)
     */
    public double macroF1() {
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < labelled.length; k++) {
            if (Double.isNaN(recall(k))) {
                continue;
            }
            sum += f1(k);
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** The confusion matrix, or null past {@link #MATRIX_LIMIT} classes. */
    public long[][] confusionMatrix() {
        if (confusion == null) {
            return null;
        }
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }
}
