package io.github.sparklstm.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain gradient descent: θ ← θ − η·g. */
final class Sgd extends Optimizer {

    @Override
    protected int stateSlots() {
        return 0;
    }

    @Override
    protected void update(INDArray params, INDArray grads, OptimizerState state, double learningRate,
                          INDArray scratch) {
        params.subi(scratch.assign(grads).muli(learningRate));
    }
}
