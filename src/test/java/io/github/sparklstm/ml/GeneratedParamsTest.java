package io.github.sparklstm.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/**
 * The ML Params' accessors, getters and setters are generated from the table of settings ({@link ConfigKeys}):
 * Spark finds Params only through public no-argument methods that return them, so each needs a method, and Java
 * users want typed setters. Spark MLlib generates its shared Params the same way (SharedParamsCodeGen). The sources
 * are checked in; this test fails when they are not what the table gives, and writes them anew when run with
 * {@code -Dsparklstm.regenerate=true}:
 * <pre>mvn test-compile surefire:test@spark-tests -Dtest=GeneratedParamsTest -Dsparklstm.regenerate=true</pre>
 */
class GeneratedParamsTest {

    private static final Path DIR = Path.of("src/main/java/io/github/sparklstm/ml");
    static final String COMMAND = "mvn test-compile surefire:test@spark-tests -Dtest=GeneratedParamsTest "
            + "-Dsparklstm.regenerate=true";
    static final String HEADER = "// Generated from the table of settings (config/ConfigKeys.java) by "
            + "GeneratedParamsTest.\n// Do not edit: change the table and run\n// " + COMMAND + "\n";

    @Test
    void theGeneratedSourcesAreWhatTheTableGives() throws Exception {
        check(DIR.resolve("LstmClassifierParams.java"), accessors());
        check(DIR.resolve("LstmClassifierSetters.java"), setters());
    }

    @Test
    void everyKeyWithAParamIsFoundBySparkAndEveryParamIsAKeysOrSparkMlsOwn() {
        for (Object owner : new Object[] {new LstmClassifier(), new LstmClassificationModel()}) {
            org.apache.spark.ml.param.Params params = (org.apache.spark.ml.param.Params) owner;
            Set<String> found = new TreeSet<>();
            for (Param<?> p : params.params()) {
                found.add(p.name());
            }
            Set<String> declared = new TreeSet<>();
            for (ConfigKey key : ConfigKeys.ALL) {
                if (key.hasParam()) {
                    declared.add(key.param());
                    Object defaultValue = params.getOrDefault(params.getParam(key.param()));
                    assertEquals(key.check(key.defaultValue()), key.check(String.valueOf(defaultValue)),
                            key.param() + ": the Param's default is not " + key.name() + "'s");
                }
            }
            LstmParams.ML_ONLY.forEach(column -> declared.add(column.name()));
            assertEquals(declared, found, owner.getClass().getSimpleName() + "'s Params");
        }
    }

    @Test
    void aKeyAndItsParamAreNamedOnce() {
        Set<String> names = new TreeSet<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.hasParam()) {
                assertTrue(names.add(key.param()), "two keys name the Param " + key.param());
            }
        }
        LstmParams.ML_ONLY.forEach(column -> assertTrue(names.add(column.name()), column.name()));
    }

    private static void check(Path file, String expected) throws Exception {
        if (Boolean.getBoolean("sparklstm.regenerate")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8), file + " is not what the table of "
                + "settings gives: run " + COMMAND);
    }

    static String accessors() {
        StringBuilder s = new StringBuilder(HEADER).append("""
                package io.github.sparklstm.ml;

                import org.apache.spark.ml.param.BooleanParam;
                import org.apache.spark.ml.param.DoubleParam;
                import org.apache.spark.ml.param.IntParam;
                import org.apache.spark.ml.param.LongParam;
                import org.apache.spark.ml.param.Param;
                import org.apache.spark.ml.param.Params;

                /**
                 * The Params that {@link LstmClassifier} and {@link LstmClassificationModel} share, with their getters:
                 * one per key of the job's table of settings that names a Param, and Spark ML's own output columns.
                 * Spark finds Params by reflection over public accessors returning them, which these default methods
                 * are; the Param objects live in each owner's {@link LstmParams}, made after its uid.
                 */
                @SuppressWarnings("unchecked")
                public interface LstmClassifierParams extends Params {

                    /** The owner's Params (not a Param itself, so Spark's reflection passes over it). */
                    LstmParams lstmParams();
                """);
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.hasParam()) {
                accessor(s, key.param(), type(key), boxed(key), primitive(key), key.description() + " ("
                        + key.allowed() + "; the job's " + key.name() + ")");
            }
        }
        for (LstmParams.MlOnly column : LstmParams.ML_ONLY) {
            accessor(s, column.name(), "Param<String>", "String", "String", column.doc());
        }
        return s.append("}\n").toString();
    }

    private static void accessor(StringBuilder s, String name, String type, String boxed, String primitive,
                                 String doc) {
        s.append('\n').append(javadoc(doc))
                .append("    default ").append(type).append(' ').append(name).append("() {\n")
                .append("        return (").append(type).append(") lstmParams().param(\"").append(name)
                .append("\");\n    }\n")
                .append("    default ").append(primitive).append(" get").append(capitalized(name)).append("() {\n")
                .append("        return (").append(boxed).append(") getOrDefault(").append(name).append("());\n")
                .append("    }\n");
    }

    static String setters() {
        StringBuilder s = new StringBuilder(HEADER).append("""
                package io.github.sparklstm.ml;

                /**
                 * The typed setters of {@link LstmClassifier}, one per Param of {@link LstmClassifierParams} (whose
                 * accessors carry the docs): each returns the estimator, so settings chain.
                 */
                public interface LstmClassifierSetters extends LstmClassifierParams {
                """);
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.hasParam()) {
                setter(s, key.param(), primitive(key));
            }
        }
        for (LstmParams.MlOnly column : LstmParams.ML_ONLY) {
            setter(s, column.name(), "String");
        }
        return s.append("}\n").toString();
    }

    private static void setter(StringBuilder s, String name, String primitive) {
        s.append("\n    default LstmClassifier set").append(capitalized(name)).append('(').append(primitive)
                .append(" value) {\n        return (LstmClassifier) set(").append(name).append("(), value);\n    }\n");
    }

    private static String type(ConfigKey key) {
        return switch (key.kind()) {
            case INT -> "IntParam";
            case LONG -> "LongParam";
            case DOUBLE -> "DoubleParam";
            case BOOLEAN -> "BooleanParam";
            default -> "Param<String>";
        };
    }

    private static String boxed(ConfigKey key) {
        return switch (key.kind()) {
            case INT -> "Integer";
            case LONG -> "Long";
            case DOUBLE -> "Double";
            case BOOLEAN -> "Boolean";
            default -> "String";
        };
    }

    private static String primitive(ConfigKey key) {
        return switch (key.kind()) {
            case INT -> "int";
            case LONG -> "long";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            default -> "String";
        };
    }

    private static String capitalized(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    /* Javadoc is HTML: the docs' angle brackets and ampersands as entities, no comment ends; wrapped at 116. */
    private static String javadoc(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("@", "&#64;");
        if (escaped.length() + 11 <= 116) {
            return "    /** " + escaped + " */\n";
        }
        StringBuilder wrapped = new StringBuilder("    /**\n     *");
        int column = 6;
        for (String word : escaped.split(" ")) {
            if (column + word.length() + 1 > 116) {
                wrapped.append("\n     *");
                column = 6;
            }
            wrapped.append(' ').append(word);
            column += word.length() + 1;
        }
        return wrapped.append("\n     */\n").toString();
    }
}
