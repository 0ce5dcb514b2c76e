package io.github.sparklstm.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs the job in this JVM as the command line would (local Spark on 127.0.0.1), with a small, fast setup: a
 * subset of the shipped MNIST, a small model. Spark properties for fault injection go in as system properties.
 * Kryo is Spark's serializer here unless a test says otherwise: many clusters set it, and it is the stricter one.
 */
final class JobHarness {

    /** Small enough for seconds per run, large enough for several rounds per epoch on several partitions. */
    static final List<String> SMALL = List.of("data.path=data/mnist", "data.trainLimit=1500", "data.testLimit=300",
            "model.hidden=16", "train.batchSize=50", "train.epochs=2", "train.averagingFrequency=3",
            "eval.batchSize=100", "log.progress=none", "checkpoint.every=2");

    static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
    static final String JAVA_SERIALIZER = "org.apache.spark.serializer.JavaSerializer";

    /**
     * What a command printed. The console carries the job's own lines, Spark's warnings as one line each, and a
     * failure's one-line error last; never a stack trace (that is the driver log's), unless --verbose.
     */
    record Outcome(int exitCode, String out, String err) {
        /** The failure's one line ("spark-lstm: error: ..."), checked to be the only one and the last. */
        String error() {
            List<String> lines = err.strip().lines().toList();
            List<String> errors = lines.stream().filter(l -> l.startsWith("spark-lstm: error:")).toList();
            org.junit.jupiter.api.Assertions.assertEquals(1, errors.size(), "expected one error line: " + err);
            org.junit.jupiter.api.Assertions.assertEquals(errors.get(0), lines.get(lines.size() - 1),
                    "the error line is not the last: " + err);
            return errors.get(0);
        }

        /** Fails on a console line that belongs to a stack trace. */
        Outcome withoutStackTraces() {
            for (String line : (out + "\n" + err).split("\n")) {
                org.junit.jupiter.api.Assertions.assertFalse(TRACE.matcher(line).find(),
                        "a stack trace on the console (it belongs in driver.log): " + line + "\n" + err);
            }
            return this;
        }
    }

    /* A stack frame, or the cause of a trace. */
    static final java.util.regex.Pattern TRACE =
            java.util.regex.Pattern.compile("^\\s*at |^Caused by: |^\\s*\\.\\.\\. \\d+ more");

    private JobHarness() {
    }

    static Outcome run(Map<String, String> sparkProperties, List<String> args) {
        List<String> previous = new ArrayList<>();
        System.setProperty("spark.master", sparkProperties.getOrDefault("spark.master", "local[2]"));
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.serializer", sparkProperties.getOrDefault("spark.serializer", KRYO));
        for (var entry : sparkProperties.entrySet()) {
            System.setProperty(entry.getKey(), entry.getValue());
            previous.add(entry.getKey());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Main.run(args.toArray(String[]::new), o, e);
            Outcome outcome = new Outcome(code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
            return args.contains("--verbose") ? outcome : outcome.withoutStackTraces();
        } finally {
            for (String key : previous) {
                System.clearProperty(key);
            }
            System.clearProperty("spark.master");
            System.clearProperty("spark.serializer");
        }
    }

    static Outcome run(List<String> args) {
        return run(Map.of(), args);
    }

    static List<String> small(Path output, String... more) {
        List<String> args = new ArrayList<>(SMALL);
        args.add("output=" + output);
        args.addAll(List.of(more));
        return args;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String modelDigest(Path run) throws IOException {
        return sha256(run.resolve("model").resolve("model.safetensors"));
    }
}
