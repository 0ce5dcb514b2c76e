package io.github.sparklstm.optim;

import java.util.Arrays;
import java.util.Locale;

/** Which update rule and its hyper-parameters (the learning rate is separate: see {@link LearningRateSchedule}). */
public record OptimizerConfig(Kind kind, double momentum, double beta1, double beta2, double epsilon, double decay)
        implements java.io.Serializable {

    public enum Kind {
        SGD, MOMENTUM, NESTEROV, ADAM, RMSPROP;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(Kind::configName).toList());
        }
    }

    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind is required");
        }
        requireIn("momentum", momentum, 0, 1, true);
        requireIn("beta1", beta1, 0, 1, false);
        requireIn("beta2", beta2, 0, 1, false);
        requireIn("decay", decay, 0, 1, false);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
    }

    /** PyTorch's defaults: momentum 0.9, Adam (0.9, 0.999, 1e-8), RMSProp decay 0.99. */
    public static OptimizerConfig defaults(Kind kind) {
        return new OptimizerConfig(kind, 0.9, 0.9, 0.999, 1e-8, 0.99);
    }

    private static void requireIn(String name, double value, double low, double high, boolean highIncluded) {
        boolean ok = value >= low && (highIncluded ? value <= high : value < high);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in [" + low + ", " + high + (highIncluded ? "]" : ")")
                    + ", got " + value);
        }
    }
}
