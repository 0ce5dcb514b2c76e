package io.github.sparklstm.run;

/** The versions a run records beside its results (metrics.jsonl, the driver log, --version). */
public final class Versions {

    public static final String VERSION = "0.1.0";

    private Versions() {
    }

    /** This job's, Spark's and Java's versions. */
    public static String describe() {
        return "spark-lstm " + VERSION + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java "
                + Runtime.version();
    }
}
