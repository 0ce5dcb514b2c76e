package io.github.sparklstm.optim;

import java.util.Map;

/**
 * Adam on the driver (FedAdam, Reddi et al., "Adaptive Federated Optimization", ICLR 2021, Algorithm 2): the
 * round's pseudo-gradient is filtered by first and second moments, so that each parameter moves by about the server
 * rate η when its replicas keep moving it the same way, and (with β1 > 0) less when they disagree from round to
 * round,
 * <pre>
 *   Δ(t) = W̄(t) − W(t−1)                 (average of the replicas minus what they started from)
 *   m(t) = β1·m(t−1) + (1 − β1)·Δ(t)
 *   v(t) = β2·v(t−1) + (1 − β2)·Δ(t)²
 *   W(t) = W(t−1) + η·m(t) / (√v(t) + τ)  (the model, and the next round's start)
 * </pre>
 * As in the paper, without bias correction: τ bounds the step where v is still small, and with m and v starting
 * at zero the first step is η·sign(Δ)·(1 − β1)/√(1 − β2) at most. A movement much smaller than τ is multiplied by
 * about η/τ.
 */
public final class ServerAdam implements OuterOptimizer {

    static final String FIRST_MOMENT = "server_first_moment";
    static final String SECOND_MOMENT = "server_second_moment";

    private final double rate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[] m;
    private final float[] v;

    ServerAdam(int size, Settings settings) {
        this(new float[size], new float[size], settings);
    }

    ServerAdam(float[] firstMoment, float[] secondMoment, Settings settings) {
        if (!(settings.serverLearningRate() > 0) || !(settings.serverEpsilon() > 0)) {
            throw new IllegalArgumentException("server Adam needs a positive rate and epsilon, got "
                    + settings.serverLearningRate() + " and " + settings.serverEpsilon());
        }
        if (!(settings.serverBeta1() >= 0 && settings.serverBeta1() < 1 && settings.serverBeta2() >= 0
                && settings.serverBeta2() < 1)) {
            throw new IllegalArgumentException("server Adam's betas must be in [0, 1), got "
                    + settings.serverBeta1() + " and " + settings.serverBeta2());
        }
        if (firstMoment.length != secondMoment.length) {
            throw new IllegalArgumentException("first and second moments differ in length");
        }
        this.rate = settings.serverLearningRate();
        this.beta1 = settings.serverBeta1();
        this.beta2 = settings.serverBeta2();
        this.epsilon = settings.serverEpsilon();
        this.m = firstMoment.clone();
        this.v = secondMoment.clone();
    }

    @Override
    public float[] update(float[] averaged, float[] start) {
        float[] next = new float[start.length];
        for (int k = 0; k < start.length; k++) {
            double delta = (double) averaged[k] - start[k];
            double first = beta1 * m[k] + (1 - beta1) * delta;
            double second = beta2 * v[k] + (1 - beta2) * delta * delta;
            m[k] = (float) first;
            v[k] = (float) second;
            next[k] = (float) (start[k] + rate * first / (Math.sqrt(second) + epsilon));
        }
        return next;
    }

    /** The next start is the model: no look-ahead. */
    @Override
    public float[] model(float[] start) {
        return start;
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of(FIRST_MOMENT, m.clone(), SECOND_MOMENT, v.clone());
    }
}
