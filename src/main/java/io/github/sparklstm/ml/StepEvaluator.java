package io.github.sparklstm.ml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An Evaluator of per-step models for TrainValidationSplit and CrossValidator: it compares, step by step, the label
 * arrays (null elements: no label) with the predicted arrays of {@link LstmClassificationModel#transform} (by
 * default its {@code predictedLabel}, which is in the labels' own values), and gives the share of labelled steps
 * right ({@code accuracy}), the mean F1 over the labels that occur ({@code macroF1}, a label never predicted
 * counting 0), or the share of sequences with every labelled step right ({@code sequenceAccuracy}): the metrics of
 * the job's summary. The executors count; the driver adds the counts.
 */
public final class StepEvaluator extends Evaluator implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    private static final List<String> METRICS = List.of("accuracy", "macroF1", "sequenceAccuracy");

    private final String uid;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> metricName;

    public StepEvaluator() {
        this(Identifiable$.MODULE$.randomUID("stepEvaluator"));
    }

    public StepEvaluator(String uid) {
        this.uid = uid;
        labelCol = new Param<>(this, "labelCol", "the column of label arrays, one per step (null: no label)",
                v -> v != null);
        predictionCol = new Param<>(this, "predictionCol", "the column of predicted arrays, in the labels' values",
                v -> v != null);
        metricName = new Param<>(this, "metricName", "accuracy (per labelled step), macroF1 or sequenceAccuracy",
                v -> METRICS.contains(v));
        setDefault(labelCol, "label");
        setDefault(predictionCol, "predictedLabel");
        setDefault(metricName, "accuracy");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> metricName() {
        return metricName;
    }

    public StepEvaluator setLabelCol(String value) {
        return (StepEvaluator) set(labelCol, value);
    }

    public StepEvaluator setPredictionCol(String value) {
        return (StepEvaluator) set(predictionCol, value);
    }

    public StepEvaluator setMetricName(String value) {
        return (StepEvaluator) set(metricName, value);
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        List<Counts> parts = dataset.select((String) getOrDefault(labelCol), (String) getOrDefault(predictionCol))
                .toDF().javaRDD().mapPartitions(new Count()).collect();
        Counts total = new Counts();
        parts.forEach(total::add);
        return switch ((String) getOrDefault(metricName)) {
            case "macroF1" -> total.macroF1();
            case "sequenceAccuracy" -> (double) total.sequencesRight / total.sequences;
            default -> (double) total.right / total.steps;
        };
    }

    @Override
    public StepEvaluator copy(ParamMap extra) {
        return (StepEvaluator) defaultCopy(extra);
    }

    public static MLReader<StepEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    /* Per-label counts of labelled steps, of predictions and of hits, and the sequences' counts. */
    static final class Counts implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Map<String, long[]> byLabel = new HashMap<>();  // label -> {labelled, predicted, right}
        long steps;
        long right;
        long sequences;
        long sequencesRight;

        void add(Counts other) {
            other.byLabel.forEach((k, v) -> {
                long[] mine = byLabel.computeIfAbsent(k, x -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    mine[i] += v[i];
                }
            });
            steps += other.steps;
            right += other.right;
            sequences += other.sequences;
            sequencesRight += other.sequencesRight;
        }

        double macroF1() {
            double sum = 0;
            int counted = 0;
            Set<String> labels = new TreeSet<>(byLabel.keySet());
            for (String k : labels) {
                long[] c = byLabel.get(k);
                if (c[0] == 0) {
                    continue;
                }
                double p = c[1] == 0 ? 0 : (double) c[2] / c[1];
                double r = (double) c[2] / c[0];
                sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
                counted++;
            }
            return counted == 0 ? Double.NaN : sum / counted;
        }
    }

    private static final class Count implements FlatMapFunction<Iterator<Row>, Counts> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Counts> call(Iterator<Row> rows) {
            Counts counts = new Counts();
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.isNullAt(0) || row.isNullAt(1)) {
                    continue;
                }
                List<Object> labels = row.getList(0);
                List<Object> predicted = row.getList(1);
                if (labels.size() != predicted.size()) {
                    throw new IllegalArgumentException("a row has " + labels.size() + " labels but "
                            + predicted.size() + " predicted steps");
                }
                boolean labelled = false;
                boolean allRight = true;
                for (int t = 0; t < labels.size(); t++) {
                    if (labels.get(t) == null) {
                        continue;
                    }
                    String truth = name(labels.get(t));
                    String guess = name(predicted.get(t));
                    counts.byLabel.computeIfAbsent(truth, x -> new long[3])[0]++;
                    counts.byLabel.computeIfAbsent(guess, x -> new long[3])[1]++;
                    boolean hit = truth.equals(guess);
                    if (hit) {
                        counts.byLabel.get(truth)[2]++;
                        counts.right++;
                    }
                    counts.steps++;
                    labelled = true;
                    allRight &= hit;
                }
                if (labelled) {
                    counts.sequences++;
                    counts.sequencesRight += allRight ? 1 : 0;
                }
            }
            return new ArrayList<>(List.of(counts)).iterator();
        }

        /* Integer labels may arrive as ints, longs or whole doubles: compare them as numbers. */
        private static String name(Object value) {
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return Long.toString(n.longValue());
            }
            return String.valueOf(value);
        }
    }
}
