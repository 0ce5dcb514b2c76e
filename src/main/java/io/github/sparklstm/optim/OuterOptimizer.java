package io.github.sparklstm.optim;

import java.util.Map;

/**
 * What the driver of parameter averaging makes of a round's average before the next round starts from it: the
 * "outer" (or server) optimizer of local SGD and federated averaging. The replicas' movement over the round, their
 * average minus the parameters they started from, is its pseudo-gradient. Plain averaging ({@link PlainAverage})
 * takes the average as the next start. State is kept in float like the parameters, arithmetic is in double, and the
 * state is part of checkpoints under the names {@link #state()} gives, so that a resumed run takes the same steps.
 */
public interface OuterOptimizer {

    /** Takes the round's average (of replicas started from {@code start}); returns the next round's start. */
    float[] update(float[] averaged, float[] start);

    /** The model to evaluate and save, when the next round starts from {@code start}. */
    float[] model(float[] start);

    /** The state by tensor name, for checkpoints. */
    Map<String, float[]> state();

    /** averaging.method and the settings of each method. */
    record Settings(Method method, double blockMomentum, double blockLearningRate, double serverLearningRate,
                    double serverBeta1, double serverBeta2, double serverEpsilon) {

        /** A new outer optimizer for a run starting from {@code initial}. */
        public OuterOptimizer fresh(float[] initial) {
            return switch (method) {
                case MEAN -> new PlainAverage();
                case BMUF -> new BlockMomentum(initial, blockMomentum, blockLearningRate);
                case ADAM -> new ServerAdam(initial.length, this);
            };
        }

        /**
         * The outer optimizer of a checkpoint's {@code state}; {@code start} is the checkpoint's next start. Fails
         * naming the tensor when the state lacks it or holds another number of values than the parameters.
         */
        public OuterOptimizer restore(Map<String, float[]> state, float[] start) {
            return switch (method) {
                case MEAN -> new PlainAverage();
                case BMUF -> new BlockMomentum(required(state, BlockMomentum.MODEL, start.length),
                        required(state, BlockMomentum.DELTA, start.length), blockMomentum, blockLearningRate);
                case ADAM -> new ServerAdam(required(state, ServerAdam.FIRST_MOMENT, start.length),
                        required(state, ServerAdam.SECOND_MOMENT, start.length), this);
            };
        }

        private static float[] required(Map<String, float[]> state, String name, int length) {
            float[] values = state.get(name);
            if (values == null || values.length != length) {
                throw new IllegalArgumentException("the checkpoint's outer-optimizer state has "
                        + (values == null ? "no " + name : name + " of " + values.length + " values") + " where "
                        + "this run's averaging.method needs " + length + " (one per parameter)");
            }
            return values;
        }
    }

    enum Method {
        /** The example-weighted average is the next start. */
        MEAN,
        /** Block momentum with a Nesterov look-ahead (Chen and Huo 2016). */
        BMUF,
        /** Adam on the pseudo-gradient (FedAdam: Reddi et al. 2021). */
        ADAM
    }
}
