package io.github.sparklstm.config;

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

    /** Why a file could not be read, in a few words. */
    public static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
                ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void checkCombinations() {
        boolean validation = real("data.validationFraction") > 0 || !get("data.validation").isEmpty()
                || "forecast".equals(get("model.task")) && integer("forecast.validationSteps") > 0;
        if (real("data.validationFraction") > 0 && !get("data.validation").isEmpty()) {
            throw new ConfigException("data.validationFraction and data.validation: set one of them, not both");
        }
        for (String key : List.of("train.keep=best", "train.earlyStopping.patience")) {
            String name = key.split("=")[0];
            boolean used = key.contains("=") ? get(name).equals(key.split("=")[1]) : integer(name) > 0;
            if (used && !validation) {
                throw new ConfigException((key.contains("=") ? key : name + "=" + get(name)) + ": needs a validation "
                        + "set (data.validationFraction or data.validation; a forecaster's forecast.validationSteps)");
            }
        }
        if ("steps".equals(get("model.output")) && "idx".equals(get("data.format"))) {
            throw new ConfigException("model.output=steps: IDX images carry one label each; label every step in a "
                    + "table (data.format=parquet, orc, json or csv) whose label column holds an array of labels");
        }
        if ("text".equals(get("data.format"))) {
            // Training on text (evaluating a saved text model names only data.test, and takes the model's shape).
            if (!get("data.train").isEmpty() && (!"steps".equals(get("model.output")) || flag("model.bidirectional")
                    || integer("model.embedding") == 0)) {
                throw new ConfigException("data.format=text trains a next-symbol model: set model.output=steps, "
                        + "model.bidirectional=false and model.embedding=D (e.g. 64); found model.output="
                        + get("model.output") + ", model.bidirectional=" + get("model.bidirectional")
                        + ", model.embedding=" + get("model.embedding"));
            }
            if (flag("train.carryState") && real("data.validationFraction") > 0) {
                throw new ConfigException("train.carryState=true reads each partition's text whole, and "
                        + "data.validationFraction=" + get("data.validationFraction") + " would take windows out of "
                        + "it: name validation text of its own in data.validation instead");
            }
            if (get("data.test").isEmpty() && real("data.text.heldOut") == 0) {
                throw new ConfigException("data.text.heldOut=0: name a test text in data.test, or hold out a share "
                        + "of each file's end");
            }
        } else if (flag("train.carryState")) {
            throw new ConfigException("train.carryState=true carries state from one window of a text to the next: "
                    + "use it with data.format=text");
        } else if (integer("model.embedding") > 0) {
            throw new ConfigException("model.embedding=" + get("model.embedding") + ": an embedding reads symbols; "
                    + "use it with data.format=text");
        }
        checkForecast();
        if (integer("model.classes") == 1) {
            throw new ConfigException("model.classes=1: a classifier needs at least two classes (0: from the data)");
        }
        if (!"false".equals(get("resume")) && output().isEmpty()) {
            throw new ConfigException("resume=" + get("resume") + ": set output=<run directory> to say which run to "
                    + "continue");
        }
    }

    /* A forecaster reads a table of observations and splits each series by time; a classifier has no series. */
    private void checkForecast() {
        boolean forecast = "forecast".equals(get("model.task"));
        String loss = get("model.loss");
        if (!forecast) {
            if (!List.of("auto", "cross-entropy").contains(loss)) {
                throw new ConfigException("model.loss=" + loss + " regresses real values: set model.task=forecast, "
                        + "or model.loss=cross-entropy for a classifier");
            }
            for (String key : List.of("gate.maxTestMase", "gate.maxTestSmape")) {
                if (real(key) > 0) {
                    throw new ConfigException(key + "=" + get(key) + " judges forecasts: set model.task=forecast");
                }
            }
            return;
        }
        if (!List.of("parquet", "orc", "json", "csv").contains(get("data.format"))) {
            throw new ConfigException("model.task=forecast reads a table of observations: set data.format to "
                    + "parquet, orc, json or csv (found " + get("data.format") + ")");
        }
        if ("cross-entropy".equals(loss)) {
            throw new ConfigException("model.loss=cross-entropy classifies: a forecaster minimises mse, mae or huber");
        }
        for (String key : List.of("data.test", "data.validation")) {
            if (!get(key).isEmpty()) {
                throw new ConfigException(key + "=" + get(key) + ": a forecaster tests on the last "
                        + "forecast.testSteps of each series of data.train and validates on the forecast.validationSteps "
                        + "before them; leave " + key + " empty");
            }
        }
        if (real("data.validationFraction") > 0) {
            throw new ConfigException("data.validationFraction=" + get("data.validationFraction") + ": a forecaster "
                    + "validates on the steps before each series' test part, never on a random share: set "
                    + "forecast.validationSteps");
        }
        if (real("gate.minTestAccuracy") > 0) {
            throw new ConfigException("gate.minTestAccuracy judges a classifier: a forecaster's gates are "
                    + "gate.maxTestMase, gate.maxTestSmape and gate.maxTestLoss");
        }
        if ("steps".equals(get("model.output")) && integer("forecast.horizon") != 1) {
            throw new ConfigException("model.output=steps predicts the next value at every step: set "
                    + "forecast.horizon=1 (found " + get("forecast.horizon") + "), or model.output=last for "
                    + "several steps at once");
        }
        int test = integer("forecast.testSteps");
        if (test != 0 && test < integer("forecast.horizon")) {
            throw new ConfigException("forecast.testSteps=" + test + ": less than forecast.horizon="
                    + get("forecast.horizon") + ", no test forecast would fit");
        }
        int validation = integer("forecast.validationSteps");
        if (validation != 0 && validation < integer("forecast.horizon")) {
            throw new ConfigException("forecast.validationSteps=" + validation + ": less than forecast.horizon="
                    + get("forecast.horizon") + ", no validation forecast would fit");
        }
        if (get("series.valueCols").isBlank()) {
            throw new ConfigException("series.valueCols: name the column(s) to forecast");
        }
    }

    /**
     * What a resumed run must not change: the keys whose values differ from {@code then}'s, as "key=now (then:
     * value)", leaving out those that only change how a run reports, and the partition count where
     * {@code partitionsMayChange} (an elastic restart).
     */
    public List<String> differencesFrom(Config then, boolean partitionsMayChange) {
        List<String> differences = new java.util.ArrayList<>();
        for (var entry : then.values().entrySet()) {
            String key = entry.getKey();
            String now = values.getOrDefault(key, "");
            if (decidesResult(key, partitionsMayChange) && !entry.getValue().equals(now)) {
                differences.add(key + "=" + now + " (then: " + entry.getValue() + ")");
            }
        }
        return differences;
    }

    /**
     * A SHA-256 (hex) of the settings that decide what a run computes, partition count included: the identity of a
     * training, the same whatever its output, reporting or checkpoint settings.
     */
    public String digest() {
        StringBuilder settings = new StringBuilder();
        for (String line : toProperties().split("\n")) {
            if (!line.startsWith("#") && decidesResult(line.substring(0, line.indexOf('=')), false)) {
                settings.append(line).append('\n');
            }
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(settings.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /* Reader options (data.option.*) decide what is read, so the result too. */
    private static boolean decidesResult(String name, boolean partitionsMayChange) {
        ConfigKey key = ConfigKeys.get(name);
        return key == null || key.effect() == ConfigKey.Effect.RESULT
                || key.effect() == ConfigKey.Effect.PARTITIONS && !partitionsMayChange;
    }

    /**
     * Tables and text have no default location: each of {@code keys} (data.train, data.test) must name one, but
     * a training run's text data.test, which defaults to the held-out end of each training file.
     */
    public void requireTables(String... keys) {
        if ("idx".equals(get("data.format"))) {
            return;
        }
        boolean text = "text".equals(get("data.format"));
        boolean forecast = "forecast".equals(get("model.task"));
        for (String key : keys) {
            // Text's test set is each training file's end unless named; a forecaster's, each series' end.
            boolean heldOut = (text || forecast) && key.equals("data.test") && List.of(keys).contains("data.train");
            if (get(key).isEmpty() && !heldOut) {
                throw new ConfigException(key + ": required for data.format=" + get("data.format")
                        + " (a Hadoop path or glob" + (text ? ")" : " of the table)"));
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
