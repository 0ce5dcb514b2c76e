package io.github.sparklstm.job;

import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The job's validated settings: a properties file, then {@code key=value} overrides, over the defaults of
 * {@link ConfigKeys}. Unknown keys, bad values and unreadable files fail here, before Spark starts, with one line
 * naming the file or key.
 */
public record JobConfig(Map<String, String> values) {

    public JobConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Defaults, then {@code file} (if not null), then {@code overrides} ("key=value" each). */
    public static JobConfig load(Path file, List<String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(file + ": cannot read config file (" + describe(e) + ")");
            }
            for (String name : properties.stringPropertyNames()) {
                raw.put(name, properties.getProperty(name));
                requireKnown(name, file.toString());
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("'" + override + "': expected key=value");
            }
            String name = override.substring(0, eq).trim();
            requireKnown(name, "command line");
            raw.put(name, override.substring(eq + 1));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            String value = raw.getOrDefault(key.name(), key.defaultValue());
            values.put(key.name(), key.check(value));
        }
        JobConfig config = new JobConfig(values);
        config.checkCombinations();
        return config;
    }

    private static void requireKnown(String name, String where) {
        if (ConfigKeys.get(name) == null) {
            throw new ConfigException(where + ": unknown key '" + name + "' (did you mean '"
                    + ConfigKeys.nearest(name) + "'?)");
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void checkCombinations() {
        if (resume() && output().isEmpty()) {
            throw new ConfigException("resume=true: set output=<run directory> to say which run to continue");
        }
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no config key " + name);
        }
        return value;
    }

    public int integer(String name) {
        return Integer.parseInt(get(name));
    }

    public long longInteger(String name) {
        return Long.parseLong(get(name));
    }

    public double real(String name) {
        return Double.parseDouble(get(name));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }

    /** A copy with {@code name} set to {@code value} (validated). */
    public JobConfig with(String name, String value) {
        ConfigKey key = ConfigKeys.get(name);
        if (key == null) {
            throw new IllegalArgumentException("no config key " + name);
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, key.check(value));
        return new JobConfig(copy);
    }

    public boolean resume() {
        return flag("resume");
    }

    public String output() {
        return get("output");
    }

    public OptimizerConfig optimizer() {
        return new OptimizerConfig(OptimizerConfig.Kind.parse(get("train.optimizer")), real("train.momentum"),
                real("train.beta1"), real("train.beta2"), real("train.epsilon"), real("train.rmsDecay"));
    }

    /** The learning rate over a run of {@code totalSteps} optimizer steps. */
    public LearningRateSchedule schedule(long totalSteps) {
        double rate = real("train.learningRate");
        LearningRateSchedule base = switch (get("train.schedule")) {
            case "step" -> new LearningRateSchedule.StepDecay(rate, longInteger("train.decaySteps"),
                    real("train.decayFactor"));
            case "cosine" -> new LearningRateSchedule.Cosine(rate, Math.max(1, totalSteps),
                    real("train.minLearningRate"));
            default -> new LearningRateSchedule.Constant(rate);
        };
        long warmup = longInteger("train.warmupSteps");
        return warmup > 0 ? new LearningRateSchedule.Warmup(base, warmup) : base;
    }

    /** The effective configuration as a properties file: every key, in documentation order. */
    public String toProperties() {
        StringBuilder text = new StringBuilder("# spark-lstm effective configuration\n");
        for (var entry : values.entrySet()) {
            text.append(escape(entry.getKey())).append('=').append(escape(entry.getValue())).append('\n');
        }
        return text.toString();
    }

    /** Parses what {@link #toProperties()} wrote (checkpoints store it). */
    public static JobConfig fromProperties(String text, String source) {
        Properties properties = new Properties();
        try {
            properties.load(new java.io.StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(source + ": unreadable configuration (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            values.put(key.name(), key.check(properties.getProperty(key.name(), key.defaultValue())));
        }
        return new JobConfig(values);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
