package io.github.sparklstm.cli;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.distributed.scoring.SeriesForecaster;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.storage.HadoopStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-lstm forecast --model DIR input=PATH [input.format=parquet] output=PATH [output.format=parquet]}:
 * the next {@code forecast.horizon} values of every series of a table of observations, from its latest
 * {@code forecast.lookback} steps, with the columns and rules the model was trained with (its model.json). The
 * output, a row per series and step ahead, appears whole or not at all: written beside its place and renamed into
 * it, as a nightly pipeline needs.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecasts every series of a table past its end with a saved forecaster.")
final class ForecastCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model directory: a forecasting run's model/ (any Hadoop path)")
    String model;

    @Parameters(paramLabel = "key=value", description = "input=PATH, input.format (parquet, orc, json, csv; "
            + "default parquet), output=PATH, output.format (parquet, orc, json, csv; default parquet), "
            + "output.overwrite, data.option.* for the reader")
    List<String> settings = new ArrayList<>();

    private final PrintStream out;

    ForecastCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> own = new LinkedHashMap<>(Map.of("input", "", "input.format", "parquet", "output", "",
                "output.format", "parquet", "output.overwrite", "false"));
        List<String> rest = PredictCommand.split(settings, own);
        Config config = Config.load(null, null, rest);
        for (String key : List.of("input", "output")) {
            if (own.get(key).isEmpty()) {
                throw new ConfigException(key + ": required (a Hadoop path)");
            }
        }
        String inputFormat = PredictCommand.choice(own, "input.format", List.of("parquet", "orc", "json", "csv"));
        String outputFormat = PredictCommand.choice(own, "output.format", List.of("parquet", "orc", "json", "csv"));
        boolean overwrite = Boolean.parseBoolean(PredictCommand.choice(own, "output.overwrite",
                List.of("true", "false")));
        SparkConf conf = SparkSetup.sparkConf().setAppName("spark-lstm-forecast");
        SavedModel saved = ModelDirectory.read(HadoopStore.at(model, SparkSetup.hadoopConfiguration(conf)));
        if (saved.forecast() == null) {
            throw new ConfigException("--model " + model + ": a classifier; forecast needs a model trained with "
                    + "model.task=forecast (use predict for a classifier)");
        }
        try (SparkSession spark = SparkSetup.start(conf)) {
            HadoopStore target = HadoopStore.at(own.get("output"), spark.sparkContext().hadoopConfiguration());
            if (target.exists() && !overwrite) {
                throw new ConfigException("output=" + target.location() + ": exists; set output.overwrite=true to "
                        + "replace it");
            }
            long start = System.nanoTime();
            Dataset<Row> input = PredictCommand.read(spark, saved, inputFormat, own.get("input"), config);
            SeriesForecaster.Forecasts forecasts = SeriesForecaster.forecast(spark, input, saved, own.get("input"),
                    config.integer("eval.batchSize"));
            Observation rows = new Observation("rows");
            Dataset<Row> counted = forecasts.rows().observe(rows, functions.count(functions.lit(1)).as("rows"));
            target.publishDirectory(location -> counted.write().format(outputFormat).option("header", "true")
                    .save(location), overwrite);
            long written = rows.getAsJava().get("rows") instanceof Long n ? n : -1;
            int horizon = saved.forecast().windows().perStep() ? 1 : saved.forecast().windows().horizon();
            out.printf(Locale.ROOT, "forecast %d series %d step%s ahead (%d rows) from %s into %s (%s) in %.1f s%s%n",
                    written / horizon, horizon, horizon == 1 ? "" : "s", written, own.get("input"), target.location(),
                    outputFormat, (System.nanoTime() - start) / 1e9, forecasts.tooShort().value() == 0 ? ""
                    : "; " + forecasts.tooShort().value() + " series shorter than the lookback of "
                    + saved.forecast().windows().lookback() + " got none");
        }
        return 0;
    }
}
