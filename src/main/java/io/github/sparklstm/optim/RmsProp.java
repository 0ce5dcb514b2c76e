package io.github.sparklstm.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** RMSProp as PyTorch computes it: s ← α·s + (1−α)·g², θ ← θ − η·g / (√s + ε). */
final class RmsProp extends Optimizer {

    private final double decay;
    private final double epsilon;

    RmsProp(double decay, double epsilon) {
        this.decay = decay;
        this.epsilon = epsilon;
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(INDArray params, INDArray grads, OptimizerState state, double learningRate,
                          INDArray scratch) {
        INDArray meanSquare = state.slot(0).flat();
        meanSquare.muli(decay).addi(scratch.assign(grads).muli(grads).muli(1 - decay));
        scratch.assign(meanSquare);
        Transforms.sqrt(scratch, false).addi(epsilon);
        params.subi(scratch.rdivi(grads).muli(learningRate));
    }
}
