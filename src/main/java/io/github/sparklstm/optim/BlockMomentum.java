package io.github.sparklstm.optim;

import java.util.Map;

/**
 * Blockwise model-update filtering (BMUF, Chen and Huo 2016) for the driver of parameter averaging: the averaged
 * replicas' movement over a round is treated as one block gradient and filtered with momentum,
 * <pre>
 *   G(t) = W̄(t) − W_b(t−1)              (average of the replicas minus what they started from)
 *   Δ(t) = μ·Δ(t−1) + ζ·G(t)
 *   W(t) = W(t−1) + Δ(t)                 (the model)
 *   W_b(t) = W(t) + μ·Δ(t)               (what the next round starts from: Nesterov look-ahead)
 * </pre>
 * With μ = 0 and ζ = 1 this is plain averaging. State (W and Δ) is kept in float like the parameters and is part of
 * checkpoints; arithmetic is in double.
 */
public final class BlockMomentum implements OuterOptimizer {

    static final String MODEL = "block_model";
    static final String DELTA = "block_delta";

    private final double momentum;
    private final double blockLearningRate;
    private final float[] model;
    private final float[] delta;

    BlockMomentum(float[] initial, double momentum, double blockLearningRate) {
        this(initial, new float[initial.length], momentum, blockLearningRate);
    }

    /** Restores a state saved from {@link #state()}. */
    BlockMomentum(float[] model, float[] delta, double momentum, double blockLearningRate) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("block momentum must be in [0, 1), got " + momentum);
        }
        if (!(blockLearningRate > 0)) {
            throw new IllegalArgumentException("block learning rate must be positive, got " + blockLearningRate);
        }
        if (model.length != delta.length) {
            throw new IllegalArgumentException("model and delta differ in length");
        }
        this.momentum = momentum;
        this.blockLearningRate = blockLearningRate;
        this.model = model.clone();
        this.delta = delta.clone();
    }

    @Override
    public float[] update(float[] averaged, float[] broadcast) {
        float[] next = new float[model.length];
        for (int k = 0; k < model.length; k++) {
            double blockGradient = (double) averaged[k] - broadcast[k];
            double d = momentum * delta[k] + blockLearningRate * blockGradient;
            delta[k] = (float) d;
            model[k] = (float) (model[k] + d);
            next[k] = (float) (model[k] + momentum * d);
        }
        return next;
    }

    /** W(t), not the look-ahead the next round starts from. */
    @Override
    public float[] model(float[] start) {
        return model.clone();
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of(MODEL, model.clone(), DELTA, delta.clone());
    }
}
