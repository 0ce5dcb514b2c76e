package io.github.sparklstm.nn;

/**
 * What a forward pass over one minibatch gives: how many sequences it held, how many predictions were scored (the
 * sequences for a whole-sequence head, the labelled steps for a per-step one), their summed cross-entropy
 * (natural log), how many the argmax got right, and every prediction (per sequence, or per step time-major).
 * A regression head's counts target values and sums its loss; its predictions are {@link LstmNetwork#logits()}.
 */
public record BatchOutcome(int examples, int labelled, double lossSum, int correct, int[] predictions) {

    /** A regression head's: {@code scored} target values, their summed loss; no classes, so nothing is "right". */
    public static BatchOutcome regression(int examples, int scored, double lossSum) {
        return new BatchOutcome(examples, scored, lossSum, 0, new int[0]);
    }

    /** The mean loss over the scored predictions (0 when none was labelled). */
    public double meanLoss() {
        return labelled == 0 ? 0 : lossSum / labelled;
    }
}
