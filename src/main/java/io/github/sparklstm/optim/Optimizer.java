package io.github.sparklstm.optim;

import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An update rule over whole flat buffers: one pass of vector operations updates every tensor. The learning rate
 * comes from outside (a {@link LearningRateSchedule} at the caller's global step), so distributed replicas and a
 * single process apply the same rate at the same step.
 */
public abstract class Optimizer {

    private INDArray scratch;

    /** A new state for this rule: zeroed slots, no updates yet. */
    public final OptimizerState newState(ParameterLayout layout, Precision precision) {
        return new OptimizerState(layout, precision, stateSlots());
    }

    /** Updates {@code params} in place from {@code grads} at {@code learningRate}; counts one update in state. */
    public final void apply(FlatBuffer params, FlatBuffer grads, OptimizerState state, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + learningRate);
        }
        state.countUpdate();
        update(params.flat(), grads.flat(), state, learningRate, scratchLike(params.flat()));
    }

    /** How many flat buffers of state the rule keeps. */
    protected abstract int stateSlots();

    /**
     * The rule itself; {@code state.updates()} already counts this update (t = 1 on the first call).
     * {@code scratch} is a reusable vector of the parameters' size and type.
     */
    protected abstract void update(INDArray params, INDArray grads, OptimizerState state, double learningRate,
                                   INDArray scratch);

    private INDArray scratchLike(INDArray params) {
        if (scratch == null || scratch.length() != params.length() || scratch.dataType() != params.dataType()) {
            scratch = Nd4j.createUninitialized(params.dataType(), params.length());
        }
        return scratch;
    }

    /** The rule named by {@code config}. */
    public static Optimizer of(OptimizerConfig config) {
        return switch (config.kind()) {
            case SGD -> new Sgd();
            case MOMENTUM -> new Momentum(config.momentum(), false);
            case NESTEROV -> new Momentum(config.momentum(), true);
            case ADAM -> new Adam(config.beta1(), config.beta2(), config.epsilon());
            case RMSPROP -> new RmsProp(config.decay(), config.epsilon());
        };
    }
}
