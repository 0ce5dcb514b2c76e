package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of the stack over whole time-major sequences [steps·batch, features]: an {@link LstmLayer}, or a
 * {@link BidirectionalLayer} of two. The network calls forward for the batch, then backward once.
 */
interface StackLayer {

    /** Runs {@code input} of examples of {@code lengths} steps (longest first; null: all); all outputs. */
    INDArray forward(INDArray input, int batch, int batchSteps, int[] lengths);

    /** Each example's last output [batch, out] after {@link #forward}: what a whole-sequence head reads. */
    INDArray lastOutput();

    /**
     * Backpropagates from the gradient of every step's output ({@code outputGradients}) or of the last outputs
     * only ({@code lastOutputGradient}); returns dL/d(input) when {@code wantInputGradient}, else null.
     */
    INDArray backward(INDArray input, INDArray outputGradients, INDArray lastOutputGradient, boolean wantInputGradient);
}
