package io.github.sparklstm.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Heavy-ball momentum as PyTorch writes it, v ← μ·v + g, then θ ← θ − η·v; with Nesterov's correction the step
 * looks ahead along the new velocity: θ ← θ − η·(g + μ·v).
 */
final class Momentum extends Optimizer {

    private final double momentum;
    private final boolean nesterov;

    Momentum(double momentum, boolean nesterov) {
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(INDArray params, INDArray grads, OptimizerState state, double learningRate,
                          INDArray scratch) {
        INDArray velocity = state.slot(0).flat();
        velocity.muli(momentum).addi(grads);
        if (nesterov) {
            scratch.assign(velocity).muli(momentum).addi(grads);
        } else {
            scratch.assign(velocity);
        }
        params.subi(scratch.muli(learningRate));
    }
}
