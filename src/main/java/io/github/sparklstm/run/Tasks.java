package io.github.sparklstm.run;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SeriesTable;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.data.SeriesCounts;
import io.github.sparklstm.distributed.training.RunSettings;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.train.Evaluation;
import java.util.Locale;

/**
 * Where a classifier's run and a forecaster's differ, said once for the distributed and the single-process run:
 * the model's head, what is saved, and how the data and the result read on the console.
 */
final class Tasks {

    private Tasks() {
    }

    /** A forecaster's series and windows, or null for a classifier. */
    static SeriesTable forecast(Config config) {
        return DataSettings.of(config).forecast();
    }

    /** The model the settings and the data ask for. */
    static ModelSpec spec(RunSettings.Architecture architecture, Config config, SequenceFormat format,
                          ClassLabels labels) {
        SeriesTable f = forecast(config);
        if (f == null) {
            return architecture.spec(format.features(), labels.count());
        }
        return architecture.forecaster(format.features(), f.windows().outputs(f.valueCols().size()),
                RunSettings.regressionLoss(config));
    }

    static SavedModel model(ModelSpec spec, SequenceFormat format, ClassLabels labels, float[] parameters,
                            Config config) {
        return new SavedModel(spec, format, labels, parameters, forecast(config));
    }

    /** The data line of the console: classes and shapes, or series and windows. */
    static String dataLine(SequenceFormat format, ClassLabels labels, double loadSeconds, SeriesCounts series,
                           Config config) {
        if (series == null) {
            return String.format(Locale.ROOT, "data: %d classes, sequences of %s%d steps x %d features, read and "
                    + "cached on the executors in %.1f s", labels.count(), format.variableLength() ? "1 to " : "",
                    format.steps(), format.features(), loadSeconds);
        }
        SeriesTable f = forecast(config);
        String skipped = series.skipped() == 0 ? "" : String.format(Locale.ROOT, "; %,d skipped, shorter than the "
                + "%d steps a forecast needs (the first: %s, %d steps)", series.skipped(),
                f.windows().shortestSeries(), series.firstSkipped().isEmpty() ? "the series" : series.firstSkipped(),
                series.firstSkippedLength());
        return String.format(Locale.ROOT, "data: %,d series%s; windows of %d steps x %d columns forecast %d "
                + "step%s of %s, read and cached on the executors in %.1f s", series.series(), skipped,
                format.steps(), format.features(), f.windows().horizon(), f.windows().horizon() == 1 ? "" : "s",
                String.join(", ", f.valueCols()), loadSeconds);
    }

    /** The result on the done line: test accuracy, or the forecast's errors beside the baselines'. */
    static String result(Evaluation test) {
        if (test.forecast() != null) {
            return "test " + RunListener.forecastFigures(test.forecast());
        }
        return String.format(Locale.ROOT, "test accuracy %.2f%%%s", 100 * test.accuracy(), test.perStep()
                ? String.format(Locale.ROOT, ", %.3f bits/step", test.bitsPerStep()) : "");
    }

    /** A forecaster's series in summary.json. */
    static void addSeries(com.fasterxml.jackson.databind.node.ObjectNode summary, SeriesCounts series) {
        if (series != null) {
            summary.put("series", series.series());
            summary.put("series_skipped", series.skipped());
        }
    }
}
