package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;

/**
 * Spark's limits on what a round sends back, checked before training: every partition returns its parameters (and
 * its optimizer state, when that is averaged) as double sums, and the driver collects all of them: treeAggregate
 * groups partitions by index modulo its fan-in, so no two neighbours of the summation tree meet before the driver,
 * and a task of its reduce stage returns the contributions of several partitions. A model too large for a limit
 * would otherwise fail the first round with a message about task results; here it fails at once, naming the
 * setting to raise.
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
        long maxResult = bytes(conf, "spark.driver.maxResultSize", "1g");
        if (maxResult > 0 && total > maxResult) {
            problems.add(String.format(Locale.ROOT, "a round returns %s from each of %d partitions, %s in all, more "
                    + "than spark.driver.maxResultSize=%s: raise it to at least %s (0: no limit), or use fewer "
                    + "partitions or a smaller model", mb(each), partitions, mb(total),
                    conf.get("spark.driver.maxResultSize", "1g"), mb(total * 5 / 4)));
        }
        boolean kryo = conf.get("spark.serializer", "").contains("Kryo");
        long kryoMax = bytes(conf, "spark.kryoserializer.buffer.max", "64m");
        long largest = each * contributionsPerResult(partitions);
        if (kryo && largest > kryoMax) {
            problems.add(String.format(Locale.ROOT, "a task's result is up to %s, more than "
                    + "spark.kryoserializer.buffer.max=%s: raise it to at least %s (at most 2047m)", mb(largest),
                    conf.get("spark.kryoserializer.buffer.max", "64m"), mb(largest * 5 / 4)));
        }
        return problems;
    }

    /** The most partitions' contributions one task result carries in treeAggregate(depth 2), as Spark plans it. */
    static int contributionsPerResult(int partitions) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 0.5)), 2);
        int n = partitions;
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
        }
        return n == partitions ? 1 : (partitions + n - 1) / n;
    }

    private static long bytes(SparkConf conf, String key, String defaultValue) {
        String value = conf.get(key, defaultValue);
        try {
            return JavaUtils.byteStringAsBytes(value);
        } catch (NumberFormatException e) {
            throw new io.github.sparklstm.config.ConfigException(key + "=" + value + ": not a size (e.g. 512m, 2g)");
        }
    }

    private static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%dm", (bytes + (1 << 20) - 1) >> 20)
                : String.format(Locale.ROOT, "%dk", (bytes + 1023) >> 10);
    }
}
