package io.github.sparklstm.config;

import java.util.List;
import java.util.Locale;

/**
 * One setting of the job, declared once in {@link ConfigKeys}: its name, type, default, the values it accepts, its
 * doc, the name of the Spark ML Param that stands for it ("" where only the command line has it), and what it
 * affects. {@link #check} turns a raw string into the normalised value or throws a {@link ConfigException} naming
 * the key and the allowed range.
 */
public record ConfigKey(String name, Kind kind, String defaultValue, double min, double max, List<String> choices,
                        String description, String param, Effect effect) {

    public enum Kind { INT, LONG, DOUBLE, BOOLEAN, STRING, CHOICE }

    /**
     * What a setting changes. A resumed run may change only how it reports; the digest of a run's settings (its
     * identity for resuming and retries) covers the rest.
     */
    public enum Effect {
        /** What the run computes: the model's bits. */
        RESULT,
        /** The partition count: the bits, but a resume may change it (an elastic restart after losing executors). */
        PARTITIONS,
        /** Where and how the run reports, reads its files or keeps its checkpoints; not what it computes. */
        REPORTING
    }

    /** This key with the Spark ML Param {@code name} standing for it. */
    ConfigKey param(String name) {
        return new ConfigKey(this.name, kind, defaultValue, min, max, choices, description, name, effect);
    }

    /** This key as one that changes only how a run reports. */
    ConfigKey reporting() {
        return new ConfigKey(name, kind, defaultValue, min, max, choices, description, param, Effect.REPORTING);
    }

    /** This key as the partition count, which an elastic resume may change. */
    ConfigKey elastic() {
        return new ConfigKey(name, kind, defaultValue, min, max, choices, description, param, Effect.PARTITIONS);
    }

    public boolean hasParam() {
        return !param.isEmpty();
    }

    private static ConfigKey of(String name, Kind kind, String defaultValue, double min, double max,
                                List<String> choices, String description) {
        return new ConfigKey(name, kind, defaultValue, min, max, choices, description, "", Effect.RESULT);
    }

    static ConfigKey integer(String name, long defaultValue, long min, long max, String description) {
        return of(name, Kind.INT, Long.toString(defaultValue), min, max, List.of(), description);
    }

    static ConfigKey longInteger(String name, long defaultValue, long min, long max, String description) {
        return of(name, Kind.LONG, Long.toString(defaultValue), min, max, List.of(), description);
    }

    /** A double in [min, max]; a min of {@link Double#MIN_VALUE} reads as "greater than 0". */
    static ConfigKey real(String name, double defaultValue, double min, double max, String description) {
        return of(name, Kind.DOUBLE, Double.toString(defaultValue), min, max, List.of(), description);
    }

    static ConfigKey flag(String name, boolean defaultValue, String description) {
        return of(name, Kind.BOOLEAN, Boolean.toString(defaultValue), 0, 0, List.of(), description);
    }

    static ConfigKey text(String name, String defaultValue, String description) {
        return of(name, Kind.STRING, defaultValue, 0, 0, List.of(), description);
    }

    static ConfigKey choice(String name, String defaultValue, List<String> choices, String description) {
        return of(name, Kind.CHOICE, defaultValue, 0, 0, List.copyOf(choices), description);
    }

    /** The value as stored in the effective config, or a ConfigException saying what is allowed. */
    public String check(String raw) {
        String value = raw.trim();
        switch (kind) {
            case INT, LONG -> {
                long parsed;
                try {
                    parsed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw invalid(value, "must be an integer in " + range());
                }
                if (parsed < min || parsed > max) {
                    throw invalid(value, "must be an integer in " + range());
                }
                return Long.toString(parsed);
            }
            case DOUBLE -> {
                double parsed;
                try {
                    parsed = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw invalid(value, "must be a number in " + range());
                }
                if (!(parsed >= min && parsed <= max)) {
                    throw invalid(value, "must be a number in " + range());
                }
                return Double.toString(parsed);
            }
            case BOOLEAN -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw invalid(value, "must be true or false");
                }
                return lower;
            }
            case CHOICE -> {
                if (!choices.contains(value)) {
                    throw invalid(value, "must be one of " + String.join(", ", choices));
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }

    /** The accepted values, as the README and --help show them. */
    public String allowed() {
        return switch (kind) {
            case INT, LONG -> "integer in " + range();
            case DOUBLE -> "number in " + range();
            case BOOLEAN -> "true | false";
            case CHOICE -> String.join(" | ", choices);
            case STRING -> "text";
        };
    }

    private String range() {
        String high = max >= Long.MAX_VALUE || max == Double.MAX_VALUE ? "inf"
                : kind == Kind.DOUBLE ? trim(max) : Long.toString((long) max);
        if (kind == Kind.DOUBLE && min == Double.MIN_VALUE) {
            return "(0, " + high + "]";
        }
        String low = kind == Kind.DOUBLE ? trim(min) : Long.toString((long) min);
        return "[" + low + ", " + high + "]";
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private ConfigException invalid(String value, String rule) {
        return new ConfigException(name + "=" + value + ": " + rule);
    }
}
