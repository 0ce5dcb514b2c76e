package io.github.sparklstm.cli;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.data.IdxToTables;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-lstm convert [key=value ...]}: an IDX data set (data.path, or data.train and data.test, with
 * data.view) written as tables under {@code output}/train and {@code output}/test, which the job then trains on
 * with {@code data.format=parquet data.train=OUT/train data.test=OUT/test}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Writes an IDX data set as Parquet (or ORC, JSON) tables of sequences: features "
                + "array<array<float>> (steps x features of pixel/255, by data.view) and label int.")
final class ConvertCommand implements Callable<Integer> {

    @Option(names = "--format", description = "table format: parquet, orc or json (default: ${DEFAULT-VALUE})")
    String format = "parquet";

    @Option(names = "--rows-per-file", description = "rows per output file (default: ${DEFAULT-VALUE})")
    long rowsPerFile = 25_000;

    @Parameters(paramLabel = "key=value", description = "data.path, data.train, data.test, data.view, "
            + "data.permutationSeed, data.trainLimit, data.testLimit; output=DIR (required); output.overwrite")
    List<String> overrides = new ArrayList<>();

    private final PrintStream out;

    ConvertCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("parquet", "orc", "json").contains(format)) {
            throw new ConfigException("--format=" + format + ": expected parquet, orc or json");
        }
        if (rowsPerFile < 1) {
            throw new ConfigException("--rows-per-file=" + rowsPerFile + ": must be positive");
        }
        Config config = Config.load((java.nio.file.Path) null, overrides);
        if (!"idx".equals(config.get("data.format"))) {
            throw new ConfigException("data.format=" + config.get("data.format") + ": convert reads IDX files");
        }
        if (config.output().isEmpty()) {
            throw new ConfigException("output: required (the directory to write train/ and test/ into)");
        }
        SparkConf conf = SparkSetup.sparkConf().setAppName("spark-lstm-convert");
        try (SparkSession spark = SparkSetup.start(conf)) {
            long start = System.nanoTime();
            for (IdxToTables.Written w : IdxToTables.convert(spark, DataSettings.of(config), config.output(), format,
                    rowsPerFile, config.flag("output.overwrite"))) {
                out.printf(Locale.ROOT, "wrote %s: %d rows in %d %s file(s)%n", w.location(), w.rows(), w.files(),
                        format);
            }
            out.printf(Locale.ROOT, "done in %.1f s; train on it with data.format=%s data.train=%s/train "
                    + "data.test=%s/test%n", (System.nanoTime() - start) / 1e9, format, config.output(),
                    config.output());
        }
        return 0;
    }
}
