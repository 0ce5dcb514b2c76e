package io.github.sparklstm.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparklstm.run.RunDirectory;
import io.github.sparklstm.storage.HadoopStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A sweep's results: a row per trial (its settings, status, the best validation metric and its epoch, test
 * accuracy, time, throughput, error) as results.csv and results.md, best first; sweep.png with the metric against
 * each swept setting and the trials' validation curves; and the best trial named.
 */
public final class SweepReport {

    /** One trial's row. {@code best} is NaN without validations; {@code bestEpoch} is 1-based, 0 when none. */
    public record Row(Trials.Trial trial, String status, int epochs, double best, int bestEpoch, double testAccuracy,
               double wallSeconds, double examplesPerSecond, String error, List<double[]> curve, double trialSeconds) {
        public Row withStatus(String newStatus) {
            return new Row(trial, newStatus, epochs, best, bestEpoch, testAccuracy, wallSeconds, examplesPerSecond,
                    error, curve, trialSeconds);
        }
    }

    private final List<String> keys;
    private final String metric;
    private final List<Row> rows;

    public SweepReport(List<String> keys, String metric, List<Row> rows) {
        this.keys = keys;
        this.metric = metric;
        this.rows = new ArrayList<>(rows);
        Comparator<Row> byMetric = Comparator.comparingDouble(r -> lowerIsBetter() ? r.best() : -r.best());
        this.rows.sort(Comparator.<Row, Boolean>comparing(r -> Double.isNaN(r.best())).thenComparing(byMetric));
    }

    boolean lowerIsBetter() {
        return lowerIsBetter(metric);
    }

    /** Losses and bits fall as models improve; accuracies rise. */
    static boolean lowerIsBetter(String metric) {
        return metric.endsWith("loss") || metric.endsWith("bits_per_step");
    }

    public List<Row> rows() {
        return rows;
    }

    /** A trial's row from its run directory: summary.json and the validations in metrics.jsonl. */
    public static Row row(Trials.Trial trial, TrialRunner.Outcome outcome, String metric, HadoopStore dir)
            throws IOException {
        String key = metric.startsWith("validation_") ? metric : "validation_loss";
        boolean lower = lowerIsBetter(metric);
        double best = Double.NaN;
        int bestEpoch = 0;
        List<double[]> curve = new ArrayList<>();
        if (dir.exists(RunDirectory.METRICS)) {
            for (String line : new String(dir.readAll(RunDirectory.METRICS), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode m = RunDirectory.JSON.readTree(line);
                boolean use = metric.startsWith("validation_") ? "validation".equals(m.path("type").asText())
                        : "eval".equals(m.path("type").asText());
                if (!use) {
                    continue;
                }
                double value = m.path(metric.startsWith("validation_") ? key : metric).asDouble();
                curve.add(new double[] {m.path("epoch").asDouble(), value});
                if (Double.isNaN(best) || (lower ? value < best : value > best)) {
                    best = value;
                    bestEpoch = m.path("epoch").asInt();
                }
            }
        }
        JsonNode s = outcome.summary();
        return new Row(trial, outcome.status(), s == null ? 0 : s.path("epochs").asInt(), best, bestEpoch,
                s == null ? Double.NaN : s.path("test_accuracy").asDouble(), s == null ? Double.NaN
                : s.path("wall_s").asDouble(), s == null ? Double.NaN : s.path("examples_per_s").asDouble(),
                outcome.error(), curve, outcome.seconds());
    }

    public String csv() {
        StringBuilder text = new StringBuilder("trial");
        keys.forEach(k -> text.append(',').append(k));
        text.append(",status,epochs,best_").append(metric).append(",best_epoch,test_accuracy,wall_s,examples_per_s,")
                .append("error\n");
        for (Row r : rows) {
            text.append(r.trial().name());
            keys.forEach(k -> text.append(',').append(r.trial().settings().get(k)));
            text.append(',').append(r.status()).append(',').append(r.epochs()).append(',').append(number(r.best()))
                    .append(',').append(r.bestEpoch()).append(',').append(number(r.testAccuracy())).append(',')
                    .append(number(r.wallSeconds())).append(',').append(number(r.examplesPerSecond())).append(',')
                    .append('"').append(r.error().replace("\"", "\"\"")).append("\"\n");
        }
        return text.toString();
    }

    public String markdown() {
        StringBuilder text = new StringBuilder("| trial |");
        keys.forEach(k -> text.append(" `").append(k).append("` |"));
        text.append(" status | epochs | best ").append(metric).append(" | best epoch | test accuracy | wall s | ")
                .append("examples/s |\n|---|");
        keys.forEach(k -> text.append("---|"));
        text.append("---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            text.append("| ").append(r.trial().name()).append(" |");
            keys.forEach(k -> text.append(' ').append(r.trial().settings().get(k)).append(" |"));
            text.append(' ').append(r.status()).append(r.error().isEmpty() ? "" : ": " + r.error().replace("|", "/"))
                    .append(" | ").append(r.epochs()).append(" | ").append(fixed(r.best(), 4)).append(" | ")
                    .append(r.bestEpoch() == 0 ? "" : Integer.toString(r.bestEpoch())).append(" | ")
                    .append(Double.isNaN(r.testAccuracy()) ? "" : fixed(100 * r.testAccuracy(), 2) + "%").append(" | ")
                    .append(fixed(r.wallSeconds(), 1)).append(" | ").append(fixed(r.examplesPerSecond(), 0))
                    .append(" |\n");
        }
        return text.toString();
    }

    /**
     * A table of {@code column} (test_accuracy or examples_per_s) with a row per value of {@code x} and a column
     * per combination of the other swept settings: how one setting plays against the others.
     */
    public String pivot(String x, String column) {
        List<String> others = keys.stream().filter(k -> !k.equals(x)).toList();
        Map<String, Map<String, String>> cells = new java.util.TreeMap<>(SweepReport::numericOrder);
        java.util.Set<String> series = new java.util.LinkedHashSet<>();
        for (Row r : ordered()) {
            String name = seriesName(r, others);
            series.add(name);
            double v = column.equals("test_accuracy") ? 100 * r.testAccuracy() : r.examplesPerSecond();
            cells.computeIfAbsent(r.trial().settings().get(x), k -> new LinkedHashMap<>()).put(name, Double.isNaN(v)
                    ? r.status() : fixed(v, column.equals("test_accuracy") ? 2 : 0));
        }
        StringBuilder text = new StringBuilder("| `" + x + "` |");
        series.forEach(n -> text.append(' ').append(n).append(" |"));
        text.append("\n|---:|");
        series.forEach(n -> text.append("---:|"));
        text.append('\n');
        cells.forEach((value, row) -> {
            text.append("| ").append(value).append(" |");
            series.forEach(n -> text.append(' ').append(row.getOrDefault(n, "")).append(" |"));
            text.append('\n');
        });
        return text.toString();
    }

    /** A chart of test accuracy against {@code x}, a line per combination of the other swept settings. */
    JFreeChart lines(String x) {
        List<String> others = keys.stream().filter(k -> !k.equals(x)).toList();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Row r : ordered()) {
            if (Double.isNaN(r.testAccuracy())) {
                continue;
            }
            series.computeIfAbsent(seriesName(r, others), XYSeries::new)
                    .add(Double.parseDouble(r.trial().settings().get(x)), 100 * r.testAccuracy());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("test accuracy against " + x, x, "test accuracy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis(x + " (log scale)");
        axis.setBase(2);
        axis.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        plot.setDomainAxis(axis);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        var renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        style(plot);
        return chart;
    }

    /** The lines chart alone, as a PNG. */
    public byte[] linesPng(String x) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.jfree.chart.ChartUtils.writeChartAsPNG(out, lines(x), 1000, 650);
        return out.toByteArray();
    }

    private List<Row> ordered() {
        return rows.stream().sorted(Comparator.comparing(r -> r.trial().name())).toList();
    }

    private static String seriesName(Row r, List<String> keys) {
        StringBuilder name = new StringBuilder();
        for (String k : keys) {
            name.append(name.length() == 0 ? "" : ", ").append(k.substring(k.lastIndexOf('.') + 1)).append('=')
                    .append(r.trial().settings().get(k));
        }
        return name.length() == 0 ? "all" : name.toString();
    }

    private static int numericOrder(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /** The best trial with a metric, or null. */
    public Row best() {
        return rows.isEmpty() || Double.isNaN(rows.get(0).best()) ? null : rows.get(0);
    }

    /** sweep.png: one panel per swept setting (the metric against its values), then every trial's curve. */
    public byte[] png() throws IOException {
        List<JFreeChart> charts = new ArrayList<>();
        for (String key : keys) {
            XYSeries points = new XYSeries(key);
            boolean numeric = true;
            for (Row r : rows) {
                try {
                    if (!Double.isNaN(r.best())) {
                        points.add(Double.parseDouble(r.trial().settings().get(key)), r.best());
                    }
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (!numeric) {
                continue;
            }
            JFreeChart chart = ChartFactory.createScatterPlot(metric + " against " + key, key, "best " + metric,
                    new XYSeriesCollection(points), PlotOrientation.VERTICAL, false, false, false);
            XYPlot plot = chart.getXYPlot();
            if (points.getItemCount() > 1 && points.getMinX() > 0 && points.getMaxX() / points.getMinX() >= 20) {
                plot.setDomainAxis(new LogAxis(key + " (log scale)"));
            }
            style(plot);
            charts.add(chart);
        }
        XYSeriesCollection curves = new XYSeriesCollection();
        for (Row r : rows) {
            XYSeries series = new XYSeries(r.trial().name());
            r.curve().forEach(p -> series.add(p[0], p[1]));
            if (series.getItemCount() > 0) {
                curves.addSeries(series);
            }
        }
        JFreeChart all = ChartFactory.createXYLineChart((metric.startsWith("validation_") ? metric : "test metric")
                + " of every trial", "epoch", metric, curves, PlotOrientation.VERTICAL, curves.getSeriesCount() <= 12,
                false, false);
        style(all.getXYPlot());
        ((org.jfree.chart.axis.NumberAxis) all.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        charts.add(all);
        int columns = Math.min(2, charts.size());
        int lines = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(600 * columns, 420 * lines, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle(600 * (i % columns), 420 * (i / columns), 600, 420));
        }
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    }

    /** The settings of a row as key=value words. */
    public static String settings(Row r) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : r.trial().settings().entrySet()) {
            text.append(text.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return text.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
