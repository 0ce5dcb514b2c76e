package io.github.sparklstm.optim;

/**
 * The learning-rate settings of a training, from which its schedule follows once its length is known: a constant,
 * step-decayed or cosine rate over the run's steps, after {@code warmupSteps} of linear warm-up, and for scaled
 * replicas a ramp from the set rate to {@code factor} times it over {@code scalingWarmupEpochs} (Goyal et al.
 * 2017).
 */
public record LearningRates(Kind kind, double rate, long decaySteps, double decayFactor, double minRate,
                            long warmupSteps, double factor, double scalingWarmupEpochs) {

    public enum Kind { CONSTANT, STEP, COSINE }

    /** The rate at every global step of a run of {@code totalSteps}, {@code stepsPerEpoch} an epoch. */
    public LearningRateSchedule schedule(long totalSteps, int stepsPerEpoch) {
        LearningRateSchedule base = switch (kind) {
            case STEP -> new LearningRateSchedule.StepDecay(rate, decaySteps, decayFactor);
            case COSINE -> new LearningRateSchedule.Cosine(rate, Math.max(1, totalSteps), minRate);
            case CONSTANT -> new LearningRateSchedule.Constant(rate);
        };
        LearningRateSchedule unscaled = warmupSteps > 0 ? new LearningRateSchedule.Warmup(base, warmupSteps) : base;
        if (factor == 1) {
            return unscaled;
        }
        return new LearningRateSchedule.Ramped(unscaled, factor, Math.round(scalingWarmupEpochs * stepsPerEpoch));
    }
}
