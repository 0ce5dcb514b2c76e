package io.github.sparklstm.nn;

/**
 * Float activations written so that C2 auto-vectorises the loops that call them (only multiply, add, divide, min
 * and max; no Math.exp or Math.tanh, which are scalar calls that stop a loop from vectorising).
 */
final class FastMath32 {

    /* Beyond |x| = 7.905, tanh rounds to +-1 in float; the rational form below would grow without bound. */
    private static final float CLAMP = 7.90531110763549805f;

    private FastMath32() {
    }

    /**
     * tanh as the [13/6] minimax rational approximation used by Eigen's float tanh: max absolute error 3.6e-7 over
     * all floats, a few ulp near zero. Odd and monotone like tanh itself.
     */
    static float tanh(float x) {
        float clamped = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = clamped * clamped;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = p * clamped;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    /** sigmoid(x) = (1 + tanh(x/2)) / 2, exact identity; shares tanh's vectorisable form. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
