package io.github.sparklstm.optim;

/**
 * The learning rate as a function of the global step (the number of optimizer updates taken before this one,
 * counted by whoever drives training: the single-process trainer or the Spark driver).
 */
public sealed interface LearningRateSchedule extends java.io.Serializable {

    double rateAt(long step);

    /** The same rate at every step. */
    record Constant(double rate) implements LearningRateSchedule {
        public Constant {
            requireRate(rate);
        }

        @Override
        public double rateAt(long step) {
            return rate;
        }
    }

    /** rate · factor^⌊step / every⌋. */
    record StepDecay(double rate, long every, double factor) implements LearningRateSchedule {
        public StepDecay {
            requireRate(rate);
            if (every < 1) {
                throw new IllegalArgumentException("step decay interval must be at least 1, got " + every);
            }
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("step decay factor must be in (0, 1], got " + factor);
            }
        }

        @Override
        public double rateAt(long step) {
            return rate * Math.pow(factor, step / every);
        }
    }

    /** Half a cosine from rate down to minRate over totalSteps, then minRate (Loshchilov and Hutter 2017). */
    record Cosine(double rate, long totalSteps, double minRate) implements LearningRateSchedule {
        public Cosine {
            requireRate(rate);
            requireRate(minRate);
            if (totalSteps < 1) {
                throw new IllegalArgumentException("cosine schedule needs at least 1 step, got " + totalSteps);
            }
        }

        @Override
        public double rateAt(long step) {
            double progress = Math.min(1.0, (double) step / totalSteps);
            return minRate + 0.5 * (rate - minRate) * (1 + Math.cos(Math.PI * progress));
        }
    }

    /** Linear warm-up over the first warmupSteps (rate·(step+1)/warmupSteps), then the wrapped schedule. */
    record Warmup(LearningRateSchedule after, long warmupSteps) implements LearningRateSchedule {
        public Warmup {
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warm-up steps must be non-negative, got " + warmupSteps);
            }
        }

        @Override
        public double rateAt(long step) {
            double base = after.rateAt(step);
            return step < warmupSteps ? base * (step + 1) / warmupSteps : base;
        }
    }

    /**
     * Another schedule times a factor that ramps linearly from 1 to {@code factor} over the first rampSteps (the
     * scaling rule for W averaged replicas with its gradual warm-up, Goyal et al. 2017), then stays there.
     */
    record Ramped(LearningRateSchedule after, double factor, long rampSteps) implements LearningRateSchedule {
        public Ramped {
            requireRate(factor);
            if (rampSteps < 0) {
                throw new IllegalArgumentException("ramp steps must be non-negative, got " + rampSteps);
            }
        }

        @Override
        public double rateAt(long step) {
            double f = step < rampSteps ? 1 + (factor - 1) * (step + 1) / rampSteps : factor;
            return after.rateAt(step) * f;
        }
    }

    /** Another schedule times a constant factor (the driver's cut after a divergence). */
    record Scaled(LearningRateSchedule base, double factor) implements LearningRateSchedule {
        public Scaled {
            requireRate(factor);
        }

        @Override
        public double rateAt(long step) {
            return base.rateAt(step) * factor;
        }
    }

    private static void requireRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + rate);
        }
    }
}
