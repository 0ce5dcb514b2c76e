package io.github.sparklstm.optim;

import io.github.sparklstm.nn.FlatBuffer;

/** Rescales the whole gradient when its global L2 norm exceeds a limit (Pascanu et al. 2013). */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * The norm is summed in double in a fixed order, so it is the same bits in every process (the scale applied to
     * a clipped gradient feeds every later step). If ‖g‖₂ over all tensors exceeds {@code maxNorm}, scales g by
     * maxNorm/‖g‖₂; {@code maxNorm <= 0} disables.
     * Returns the norm before clipping (worth logging: spikes precede divergence).
     */
    public static double clipGlobalNorm(FlatBuffer grads, double maxNorm) {
        double norm = Math.sqrt(grads.sumOfSquares());
        if (maxNorm > 0 && norm > maxNorm) {
            grads.flat().muli(maxNorm / norm);
        }
        return norm;
    }
}
