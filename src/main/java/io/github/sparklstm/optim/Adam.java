package io.github.sparklstm.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as PyTorch computes it:
 * <pre>
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   θ ← θ − η/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)
 * </pre>
 * t counts the updates since the state was created or reset.
 */
final class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    Adam(double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    @Override
    protected void update(INDArray params, INDArray grads, OptimizerState state, double learningRate,
                          INDArray scratch) {
        INDArray m = state.slot(0).flat();
        INDArray v = state.slot(1).flat();
        long t = state.updates();
        m.muli(beta1).addi(scratch.assign(grads).muli(1 - beta1));
        v.muli(beta2).addi(scratch.assign(grads).muli(grads).muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        scratch.assign(v);
        Transforms.sqrt(scratch, false).divi(Math.sqrt(correction2)).addi(epsilon);
        params.subi(scratch.rdivi(m).muli(learningRate / correction1));
    }
}
