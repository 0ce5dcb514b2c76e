package io.github.sparklstm.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * curves.png from the lines of metrics.jsonl: loss (top) and accuracy (bottom) against epochs, training values per
 * round (at the fraction of the epoch reached) and test values per epoch.
 */
final class Curves {

    private final JFreeChart chart;

    private Curves(JFreeChart chart) {
        this.chart = chart;
    }

    static Curves fromMetrics(List<String> lines, String title) throws IOException {
        XYSeries trainLoss = new XYSeries("train loss");
        XYSeries testLoss = new XYSeries("test loss");
        XYSeries trainAccuracy = new XYSeries("train accuracy");
        XYSeries testAccuracy = new XYSeries("test accuracy");
        List<JsonNode> records = new java.util.ArrayList<>();
        for (String line : lines) {
            records.add(RunDirectory.JSON.readTree(line));
        }
        // A per-step model's losses in bits per step, as a language model's are read (bits per character).
        boolean bits = records.stream().anyMatch(m -> m.has("test_bits_per_step"));
        // A forecaster's lower panel: its test MASE beside the seasonal naive forecast's, which is what it beats.
        boolean forecast = records.stream().anyMatch(m -> m.has("test_mase"));
        if (forecast) {
            trainAccuracy = new XYSeries("seasonal naive MASE");
            testAccuracy = new XYSeries("test MASE");
        }
        double unit = bits ? Math.log(2) : 1;
        for (JsonNode m : records) {
            if ("eval".equals(m.path("type").asText())) {
                double epoch = m.path("epoch").asDouble();
                testLoss.add(epoch, m.path("test_loss").asDouble() / unit);
                if (forecast) {
                    testAccuracy.add(epoch, m.path("test_mase").asDouble(Double.NaN));
                    trainAccuracy.add(epoch, m.path("test_seasonal_naive_mase").asDouble(Double.NaN));
                } else {
                    testAccuracy.add(epoch, m.path("test_accuracy").asDouble());
                }
            } else if (m.has("train_loss")) {
                double epoch = m.path("epoch_progress").asDouble();
                trainLoss.add(epoch, m.path("train_loss").asDouble() / unit);
                if (!forecast) {
                    trainAccuracy.add(epoch, m.path("train_accuracy").asDouble());
                }
            }
        }
        // Loss on a log scale: it falls by orders of magnitude, and the late epochs are where runs differ.
        org.jfree.chart.axis.LogAxis lossAxis = new org.jfree.chart.axis.LogAxis(bits
                ? "loss (bits per step, log scale)" : forecast ? "loss (standardised, log scale)"
                : "loss (cross-entropy, log scale)");
        lossAxis.setSmallestValue(1e-4);
        lossAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        XYPlot loss = plot(lossAxis, trainLoss, testLoss);
        NumberAxis accuracyAxis = new NumberAxis(forecast ? "test MASE" : "accuracy");
        accuracyAxis.setAutoRangeIncludesZero(false);
        XYPlot accuracy = plot(accuracyAxis, trainAccuracy, testAccuracy);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        combined.add(loss, 1);
        combined.add(accuracy, 1);
        return new Curves(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true));
    }

    private static XYPlot plot(org.jfree.chart.axis.ValueAxis axis, XYSeries perRound, XYSeries perEpoch) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(perRound);
        data.addSeries(perEpoch);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesStroke(0, new BasicStroke(1.0f));
        renderer.setSeriesShapesVisible(1, true);
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesStroke(1, new BasicStroke(2.0f));
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    void writePng(OutputStream out) throws IOException {
        ChartUtils.writeChartAsPNG(out, chart, 900, 700);
    }
}
