package io.github.sparklstm.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;

/**
 * Spark's limits on what a round sends back, checked before training: every partition returns its parameters and
 * optimizer state as double sums, and the driver collects all of them (treeAggregate groups partitions by index
 * modulo its fan-in, so no partial sum merges before the driver). A model too large for a limit would otherwise
 * fail the first round with a message about task results; here it fails at once, naming the setting to raise.
 */
public final class ResultLimits {

    private ResultLimits() {
    }

    /** Bytes a partition returns for {@code values} parameters and optimizer values: doubles, plus framing. */
    public static long resultBytes(long values) {
        return 8 * values + 64 * 1024;
    }

    /** What is wrong with {@code conf} for rounds of {@code partitions} results of {@code values} each; empty: fine. */
    public static List<String> problems(SparkConf conf, int partitions, long values) {
        List<String> problems = new ArrayList<>();
        long each = resultBytes(values);
        long total = each * partitions;
        long maxResult = JavaUtils.byteStringAsBytes(conf.get("spark.driver.maxResultSize", "1g"));
        if (maxResult > 0 && total > maxResult) {
            problems.add(String.format(Locale.ROOT, "a round returns %s from each of %d partitions, %s in all, more "
                    + "than spark.driver.maxResultSize=%s: raise it to at least %s (0: no limit), or use fewer "
                    + "partitions or a smaller model", mb(each), partitions, mb(total),
                    conf.get("spark.driver.maxResultSize", "1g"), mb(total * 5 / 4)));
        }
        boolean kryo = conf.get("spark.serializer", "").contains("Kryo");
        long kryoMax = JavaUtils.byteStringAsBytes(conf.get("spark.kryoserializer.buffer.max", "64m"));
        if (kryo && each > kryoMax) {
            problems.add(String.format(Locale.ROOT, "a partition's result is %s, more than "
                    + "spark.kryoserializer.buffer.max=%s: raise it to at least %s (at most 2047m)", mb(each),
                    conf.get("spark.kryoserializer.buffer.max", "64m"), mb(each * 5 / 4)));
        }
        return problems;
    }

    private static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%dm", (bytes + (1 << 20) - 1) >> 20)
                : String.format(Locale.ROOT, "%dk", (bytes + 1023) >> 10);
    }
}
