package io.github.sparklstm.config;

import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.optim.OuterOptimizer;
import java.io.IOException;
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
public record Config(Map<String, String> values) {

    public Config {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Defaults, then {@code file} (if not null), then {@code overrides} ("key=value" each). */
    public static Config load(Path file, List<String> overrides) {
        if (file == null) {
            return load(null, null, overrides);
        }
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8), file.toString(), overrides);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(file + ": cannot read config file (" + describe(e) + ")");
        }
    }

    /** As {@link #load(Path, List)} with the file's text already read ({@code text} null: no file). */
    public static Config load(String text, String source, List<String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (text != null) {
            Properties properties = new Properties();
            try {
                properties.load(new java.io.StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(source + ": cannot read config file (" + describe(e) + ")");
            }
            for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
                raw.put(name, properties.getProperty(name));
                requireKnown(name, source);
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
        raw.keySet().stream().filter(ConfigKeys::isReaderOption).sorted()
                .forEach(name -> values.put(name, raw.get(name)));
        Config config = new Config(values);
        config.checkCombinations();
        return config;
    }

    private static void requireKnown(String name, String where) {
        if (ConfigKeys.get(name) == null && !ConfigKeys.isReaderOption(name)) {
            throw new ConfigException(where + ": unknown key '" + name + "' (did you mean '"
                    + ConfigKeys.nearest(name) + "'?)");
        }
    }

    public static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
                ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException
                || e instanceof org.apache.hadoop.security.AccessControlException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void checkCombinations() {
        boolean validation = real("data.validationFraction") > 0 || !get("data.validation").isEmpty();
        if (real("data.validationFraction") > 0 && !get("data.validation").isEmpty()) {
            throw new ConfigException("data.validationFraction and data.validation: set one of them, not both");
        }
        for (String key : List.of("train.keep=best", "train.earlyStopping.patience")) {
            String name = key.split("=")[0];
            boolean used = key.contains("=") ? get(name).equals(key.split("=")[1]) : integer(name) > 0;
            if (used && !validation) {
                throw new ConfigException((key.contains("=") ? key : name + "=" + get(name)) + ": needs a validation "
                        + "set (data.validationFraction or data.validation)");
            }
        }
        if (integer("model.classes") == 1) {
            throw new ConfigException("model.classes=1: a classifier needs at least two classes (0: from the data)");
        }
        if (!"false".equals(get("resume")) && output().isEmpty()) {
            throw new ConfigException("resume=" + get("resume") + ": set output=<run directory> to say which run to "
                    + "continue");
        }
    }

    /**
     * The keys whose values differ from {@code then}'s, as "key=now (then: value)", leaving out {@code ignored}:
     * what a resumed training must not change.
     */
    public List<String> differencesFrom(Config then, java.util.Collection<String> ignored) {
        List<String> differences = new java.util.ArrayList<>();
        for (var entry : then.values().entrySet()) {
            String key = entry.getKey();
            String now = values.getOrDefault(key, "");
            if (!ignored.contains(key) && !entry.getValue().equals(now)) {
                differences.add(key + "=" + now + " (then: " + entry.getValue() + ")");
            }
        }
        return differences;
    }

    /** Tables have no default location: each of {@code keys} (data.train, data.test) must name one. */
    public void requireTables(String... keys) {
        if ("idx".equals(get("data.format"))) {
            return;
        }
        for (String key : keys) {
            if (get(key).isEmpty()) {
                throw new ConfigException(key + ": required for data.format=" + get("data.format")
                        + " (a Hadoop path or glob of the table)");
            }
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
    public Config with(String name, String value) {
        ConfigKey key = ConfigKeys.get(name);
        if (key == null) {
            throw new IllegalArgumentException("no config key " + name);
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, key.check(value));
        return new Config(copy);
    }

    /** resume=true: continue the run in output from its newest good checkpoint. */
    public boolean resume() {
        return "true".equals(get("resume"));
    }

    /** resume=auto: whatever makes a retried run end as if it had not been interrupted. */
    public boolean resumeAuto() {
        return "auto".equals(get("resume"));
    }

    public String output() {
        return get("output");
    }

    public OptimizerConfig optimizer() {
        return new OptimizerConfig(OptimizerConfig.Kind.parse(get("train.optimizer")), real("train.momentum"),
                real("train.beta1"), real("train.beta2"), real("train.epsilon"), real("train.rmsDecay"));
    }

    /** averaging.method and its settings: what the driver makes of each round's average. */
    public OuterOptimizer.Settings outerOptimizer() {
        return new OuterOptimizer.Settings(OuterOptimizer.Method.valueOf(get("averaging.method")
                .toUpperCase(java.util.Locale.ROOT)), real("averaging.blockMomentum"),
                real("averaging.blockLearningRate"), real("averaging.serverLearningRate"),
                real("averaging.serverBeta1"), real("averaging.serverBeta2"), real("averaging.serverEpsilon"));
    }

    /** Minibatches each of {@code workers} workers trains between two averagings. */
    public int averagingFrequencyFor(int workers) {
        int frequency = integer("train.averagingFrequency");
        if (frequency > 0) {
            return frequency;
        }
        double perWorker = (double) integer("train.averagingExamples") / ((long) workers * batchSizeFor(workers));
        return (int) Math.max(1, Math.min(1_000_000, Math.round(perWorker)));
    }

    /** Each of {@code workers} workers' minibatch: train.batchSize, or less under train.globalBatchLimit. */
    public int batchSizeFor(int workers) {
        int batch = integer("train.batchSize");
        int limit = integer("train.globalBatchLimit");
        return limit > 0 ? Math.max(1, Math.min(batch, limit / workers)) : batch;
    }

    /**
     * The learning rate of each of {@code workers} averaged replicas over a run of {@code totalSteps} steps of
     * {@code stepsPerEpoch} each: train.learningRateScaling's factor, ramped over train.scalingWarmupEpochs.
     */
    public LearningRateSchedule schedule(long totalSteps, int stepsPerEpoch, int workers) {
        LearningRateSchedule unscaled = unscaledSchedule(totalSteps);
        double factor = learningRateFactor(workers);
        if (factor == 1) {
            return unscaled;
        }
        long ramp = Math.round(real("train.scalingWarmupEpochs") * stepsPerEpoch);
        return new LearningRateSchedule.Ramped(unscaled, factor, ramp);
    }

    /**
     * train.learningRateScaling's factor for {@code workers} replicas: of s, the examples of one step of all
     * workers over train.batchSize, which is how many times fewer steps each replica takes than one worker would.
     */
    public double learningRateFactor(int workers) {
        double s = (double) workers * batchSizeFor(workers) / integer("train.batchSize");
        return switch (get("train.learningRateScaling")) {
            case "sqrt" -> Math.sqrt(s);
            case "linear" -> s;
            default -> 1;
        };
    }

    private LearningRateSchedule unscaledSchedule(long totalSteps) {
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
    public static Config fromProperties(String text, String source) {
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
        properties.stringPropertyNames().stream().filter(ConfigKeys::isReaderOption).sorted()
                .forEach(name -> values.put(name, properties.getProperty(name)));
        return new Config(values);
    }

    /** The {@code data.option.*} settings, without the prefix. */
    public Map<String, String> readerOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (ConfigKeys.isReaderOption(name)) {
                options.put(name.substring(ConfigKeys.READER_OPTION.length()), value);
            }
        });
        return options;
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
