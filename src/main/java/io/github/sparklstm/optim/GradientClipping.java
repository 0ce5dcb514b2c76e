package io.github.sparklstm.optim;

import io.github.sparklstm.nn.FlatBuffer;

/** Rescales the whole gradient when its global L2 norm exceeds a limit (Pascanu et al. 2013). */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * If ‖g‖₂ over all tensors exceeds {@code maxNorm}, scales g by maxNorm/‖g‖₂; {@code maxNorm <= 0} disables.
     * Returns the norm before clipping (worth logging: spikes precede divergence).
     */
    public static double clipGlobalNorm(FlatBuffer grads, double maxNorm) {
        double norm = grads.flat().norm2Number().doubleValue();
        if (maxNorm > 0 && norm > maxNorm) {
            grads.flat().muli(maxNorm / norm);
        }
        return norm;
    }
}
