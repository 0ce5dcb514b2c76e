package io.github.sparklstm.nn;

/**
 * What a forward pass over one minibatch gives: the summed cross-entropy (natural log) over its examples, how many
 * the argmax got right, and each example's predicted class.
 */
public record BatchOutcome(int examples, double lossSum, int correct, int[] predictions) {

    public double meanLoss() {
        return lossSum / examples;
    }
}
