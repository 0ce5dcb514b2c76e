package io.github.sparklstm.optim;

import io.github.sparklstm.nn.HeapCopy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as PyTorch computes it:
 * <pre>
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   θ ← θ − η/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)
 * </pre>
 * t counts the updates since the state was created or reset.
 *
 * <p>In float32 the update runs as one loop on the heap: a loop (with its copies) costs a fraction of the
 * fourteen ND4J operations over the flat buffer it replaces (jobs/bench.sh measures the step). Each value is
 * computed by the same float operations in the same order as the vector operations of the float64 path (the
 * scalars rounded to float first, as ND4J applies them to float arrays), so both give the same bits.
 */
final class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private float[] heapParams;
    private float[] heapGrads;
    private float[] heapM;
    private float[] heapV;

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
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        if (params.dataType() == DataType.FLOAT) {
            updateOnHeap(params, grads, m, v, Math.sqrt(correction2), learningRate / correction1);
            return;
        }
        m.muli(beta1).addi(scratch.assign(grads).muli(1 - beta1));
        v.muli(beta2).addi(scratch.assign(grads).muli(grads).muli(1 - beta2));
        scratch.assign(v);
        Transforms.sqrt(scratch, false).divi(Math.sqrt(correction2)).addi(epsilon);
        params.subi(scratch.rdivi(m).muli(learningRate / correction1));
    }

    private void updateOnHeap(INDArray params, INDArray grads, INDArray m, INDArray v, double root, double step) {
        int n = Math.toIntExact(params.length());
        if (heapParams == null || heapParams.length != n) {
            heapParams = new float[n];
            heapGrads = new float[n];
            heapM = new float[n];
            heapV = new float[n];
        }
        final float[] p = heapParams, g = heapGrads, mh = heapM, vh = heapV;
        HeapCopy.read(params, p, n);
        HeapCopy.read(grads, g, n);
        HeapCopy.read(m, mh, n);
        HeapCopy.read(v, vh, n);
        final float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
        final float r = (float) root, eps = (float) epsilon, s = (float) step;
        for (int k = 0; k < n; k++) {
            mh[k] = mh[k] * b1 + g[k] * c1;
            vh[k] = vh[k] * b2 + g[k] * g[k] * c2;
            // The square root of a float taken in double and rounded is the float square root, exactly.
            p[k] = p[k] - mh[k] / ((float) Math.sqrt(vh[k]) / r + eps) * s;
        }
        HeapCopy.write(p, n, params);
        HeapCopy.write(mh, n, m);
        HeapCopy.write(vh, n, v);
    }
}
