package io.github.sparklstm.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forecasting windows cut from whole series: {@code lookback} steps of every column in, standardised, and the
 * targets' next {@code horizon} values out (or, per step, each step's next value), with each window's
 * {@link ForecastReference}. The part of a series a window comes from is its {@link Part}: training windows every
 * {@code stride} steps inside the training part; validation and test windows in consecutive blocks of
 * {@code horizon} over their parts, reading their inputs from the steps before (what a forecaster knows when it
 * forecasts); the latest window, the last {@code lookback} steps, for the forecast past the end.
 *
 * <p>Scaling, and MASE's scale, come from the training part only, so no statistic of a test value reaches the model.
 * A series shorter than {@link ForecastSettings#shortestSeries()} gives no window (it is counted, in
 * {@link #skipped()}): a table of thousands of series always holds some too new to judge, and one of them should
 * not stop a nightly run.
 */
public final class SeriesWindows implements SequenceSet {

    private static final long serialVersionUID = 1L;

    /** Which part of each series the windows forecast. */
    public enum Part { TRAIN, VALIDATION, TEST, LATEST }

    private final int lookback;
    private final int features;
    private final int targets;
    private final int outputs;
    private final boolean perStep;
    private final float[] inputs;
    private final float[] targetValues;
    private final float[] references;
    private final int[] seriesOf;
    private final long[] originTimes;
    private final String[] ids;
    private final int skipped;

    private SeriesWindows(ForecastSettings settings, int features, int targets, float[] inputs, float[] targetValues,
                          float[] references, int[] seriesOf, long[] originTimes, String[] ids, int skipped) {
        this.lookback = settings.lookback();
        this.features = features;
        this.targets = targets;
        this.outputs = settings.outputs(targets);
        this.perStep = settings.perStep();
        this.inputs = inputs;
        this.targetValues = targetValues;
        this.references = references;
        this.seriesOf = seriesOf;
        this.originTimes = originTimes;
        this.ids = ids;
        this.skipped = skipped;
    }

    /**
     * The windows of {@code part} of every series, whose first {@code targets} columns are forecast;
     * {@code global} is the pooled scaling for {@link ForecastSettings.Scaling#GLOBAL} (else unused, may be null).
     */
    public static SeriesWindows of(List<Series> series, int targets, ForecastSettings settings, Part part,
                                   InputScaling global) {
        int columns = series.isEmpty() ? Math.max(1, targets) : series.get(0).columns();
        if (targets < 1 || targets > columns) {
            throw new IllegalArgumentException(targets + " targets of " + columns + " columns");
        }
        int lookback = settings.lookback();
        int outputs = settings.outputs(targets);
        int targetRow = settings.perStep() ? lookback * targets : outputs;
        int width = ForecastReference.width(targets, outputs);
        Growing in = new Growing();
        Growing out = new Growing();
        Growing refs = new Growing();
        List<Integer> owner = new ArrayList<>();
        List<Long> origins = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int skipped = 0;
        for (Series s : series) {
            if (s.columns() != columns) {
                throw new IllegalArgumentException("series " + s.id() + " has " + s.columns() + " columns, not "
                        + columns);
            }
            if (part == Part.LATEST ? s.length() < lookback : s.length() < settings.shortestSeries()) {
                skipped++;
                continue;
            }
            int index = ids.size();
            ids.add(s.id());
            int trainEnd = trainingEnd(s, settings, part);
            double[][] scale = scaling(s, trainEnd, settings.scaling(), global);
            double[] mase = maseScales(s, targets, trainEnd, settings.season());
            for (int origin : origins(s, settings, part, trainEnd)) {
                float[] window = new float[lookback * columns];
                for (int t = 0; t < lookback; t++) {
                    for (int c = 0; c < columns; c++) {
                        window[t * columns + c] = standardised(s.value(origin - lookback + t, c), scale, c);
                    }
                }
                in.add(window);
                out.add(targetsOf(s, origin, targets, settings, part, scale, targetRow));
                refs.add(referenceOf(s, origin, targets, outputs, settings, scale, mase, width));
                owner.add(index);
                origins.add(s.time(origin));
            }
        }
        return new SeriesWindows(settings, columns, targets, in.array(), out.array(), refs.array(),
                owner.stream().mapToInt(Integer::intValue).toArray(),
                origins.stream().mapToLong(Long::longValue).toArray(), ids.toArray(new String[0]), skipped);
    }

    /**
     * Windows assembled from their parts as {@link #window} gives them (a Spark shard's): of no series by name,
     * since the shard keeps only what training and evaluation read.
     */
    public static SeriesWindows ofWindows(int lookback, int features, int targets, int outputs, boolean perStep,
                                          float[] inputs, float[] targetValues, float[] references) {
        int n = inputs.length / (lookback * features);
        ForecastSettings shape = new ForecastSettings(lookback, perStep ? 1 : outputs / targets, 1,
                perStep ? 1 : outputs / targets, 0, 1, ForecastSettings.Scaling.NONE, ForecastSettings.GapFill.REFUSE,
                perStep);
        return new SeriesWindows(shape, features, targets, inputs, targetValues, references, new int[n], new long[n],
                new String[0], 0);
    }

    /** Window {@code w}'s inputs, targets and reference, each as the batch lays out one example's. */
    public float[][] window(int w) {
        int in = lookback * features;
        int row = perStep ? lookback * targets : outputs;
        int width = ForecastReference.width(targets, outputs);
        return new float[][] {Arrays.copyOfRange(inputs, w * in, (w + 1) * in),
            Arrays.copyOfRange(targetValues, w * row, (w + 1) * row),
            Arrays.copyOfRange(references, w * width, (w + 1) * width)};
    }

    /* Where a series' training part ends: before its validation and test parts (the latest window trains on all). */
    private static int trainingEnd(Series s, ForecastSettings settings, Part part) {
        return part == Part.LATEST ? s.length() : s.length() - settings.testSteps() - settings.validationSteps();
    }

    private static List<Integer> origins(Series s, ForecastSettings settings, Part part, int trainEnd) {
        List<Integer> origins = new ArrayList<>();
        int h = settings.horizon();
        switch (part) {
            case TRAIN -> {
                for (int o = settings.lookback(); o + h <= trainEnd; o += settings.stride()) {
                    origins.add(o);
                }
            }
            case VALIDATION -> {
                for (int o = trainEnd; o + h <= trainEnd + settings.validationSteps(); o += h) {
                    origins.add(o);
                }
            }
            case TEST -> {
                for (int o = s.length() - settings.testSteps(); o + h <= s.length(); o += h) {
                    origins.add(o);
                }
            }
            case LATEST -> origins.add(s.length());
        }
        return origins;
    }

    /** How many windows {@code part} of {@code s} gives: none for a series too short to judge. */
    public static int count(Series s, ForecastSettings settings, Part part) {
        if (part == Part.LATEST ? s.length() < settings.lookback() : s.length() < settings.shortestSeries()) {
            return 0;
        }
        return origins(s, settings, part, trainingEnd(s, settings, part)).size();
    }

    /* Mean and std per column of the training part (std 1 where a column is constant there). */
    private static double[][] scaling(Series s, int trainEnd, ForecastSettings.Scaling how, InputScaling global) {
        int columns = s.columns();
        double[][] scale = new double[2][columns];
        Arrays.fill(scale[1], 1);
        if (how == ForecastSettings.Scaling.GLOBAL) {
            for (int c = 0; c < columns; c++) {
                scale[0][c] = global.mean()[c];
                scale[1][c] = global.std()[c];
            }
        } else if (how == ForecastSettings.Scaling.SERIES) {
            double[] moments = trainingMoments(s, trainEnd);
            for (int c = 0; c < columns; c++) {
                double mean = moments[columns + c] / moments[c];
                double variance = moments[2 * columns + c] / moments[c] - mean * mean;
                scale[0][c] = mean;
                scale[1][c] = variance > 1e-12 * Math.max(1, mean * mean) ? Math.sqrt(variance) : 1;
            }
        }
        return scale;
    }

    /**
     * Count, sum and sum of squares per column of the series' training part, [3 x columns]: what the driver pools
     * for global scaling.
     */
    public static double[] trainingMoments(Series s, int trainEnd) {
        int columns = s.columns();
        double[] m = new double[3 * columns];
        for (int t = 0; t < trainEnd; t++) {
            for (int c = 0; c < columns; c++) {
                double v = s.value(t, c);
                m[c]++;
                m[columns + c] += v;
                m[2 * columns + c] += v * v;
            }
        }
        return m;
    }

    /** The training part's moments of a series, as {@link #trainingMoments(Series, int)}, for these settings. */
    public static double[] trainingMoments(Series s, ForecastSettings settings) {
        return trainingMoments(s, trainingEnd(s, settings, Part.TRAIN));
    }

    private static float standardised(double v, double[][] scale, int c) {
        return (float) ((v - scale[0][c]) / scale[1][c]);
    }

    /* The training part's mean |y_t - y_{t-m}| per target: the in-sample error of the seasonal naive forecast. */
    private static double[] maseScales(Series s, int targets, int trainEnd, int season) {
        double[] scales = new double[targets];
        for (int j = 0; j < targets; j++) {
            double sum = 0;
            for (int t = season; t < trainEnd; t++) {
                sum += Math.abs(s.value(t, j) - s.value(t - season, j));
            }
            scales[j] = trainEnd > season && sum > 0 ? sum / (trainEnd - season) : Double.NaN;
        }
        return scales;
    }

    private static float[] targetsOf(Series s, int origin, int targets, ForecastSettings settings, Part part,
                                     double[][] scale, int width) {
        float[] row = new float[width];
        Arrays.fill(row, Float.NaN);
        if (part == Part.LATEST) {
            return row;
        }
        int lookback = settings.lookback();
        if (settings.perStep()) {
            // Step t predicts the step after it; outside training only the forecast, the last step's, is scored.
            for (int t = part == Part.TRAIN ? 0 : lookback - 1; t < lookback; t++) {
                for (int j = 0; j < targets; j++) {
                    row[t * targets + j] = standardised(s.value(origin - lookback + t + 1, j), scale, j);
                }
            }
            return row;
        }
        for (int h = 0; h < settings.horizon(); h++) {
            for (int j = 0; j < targets; j++) {
                row[h * targets + j] = standardised(s.value(origin + h, j), scale, j);
            }
        }
        return row;
    }

    private static float[] referenceOf(Series s, int origin, int targets, int outputs, ForecastSettings settings,
                                       double[][] scale, double[] mase, int width) {
        float[] r = new float[width];
        int m = settings.season();
        for (int j = 0; j < targets; j++) {
            r[ForecastReference.mean(j)] = (float) scale[0][j];
            r[ForecastReference.std(targets, j)] = (float) scale[1][j];
            r[ForecastReference.maseScale(targets, j)] = (float) mase[j];
        }
        for (int k = 0; k < outputs; k++) {
            int h = k / targets;
            int j = k % targets;
            int seasonal = origin + h - m * (h / m + 1);
            r[ForecastReference.naive(targets, k)] = (float) s.value(origin - 1, j);
            r[ForecastReference.seasonalNaive(targets, outputs, k)] = seasonal >= 0 ? (float) s.value(seasonal, j)
                    : Float.NaN;
        }
        return r;
    }

    /** Series too short for these settings, which gave no window. */
    public int skipped() {
        return skipped;
    }

    /** The series that gave windows, in order; {@link #seriesOf} numbers them. */
    public List<String> seriesIds() {
        return List.of(ids);
    }

    public int seriesOf(int window) {
        return seriesOf[window];
    }

    /** The time, in periods, of the first step window {@code window} forecasts. */
    public long originTime(int window) {
        return originTimes[window];
    }

    public int targetCount() {
        return targets;
    }

    /** The reference values of {@code window}, in {@link ForecastReference}'s layout. */
    public float[] reference(int window) {
        int width = ForecastReference.width(targets, outputs);
        return Arrays.copyOfRange(references, window * width, (window + 1) * width);
    }

    @Override
    public int size() {
        return seriesOf.length;
    }

    @Override
    public int steps() {
        return lookback;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int label(int example) {
        return 0;
    }

    @Override
    public Targets targets() {
        int row = perStep ? lookback * targets : outputs;
        int width = ForecastReference.width(targets, outputs);
        return new Targets() {
            @Override
            public int outputs() {
                return outputs;
            }

            @Override
            public boolean perStep() {
                return perStep;
            }

            @Override
            public int referenceWidth() {
                return width;
            }

            @Override
            public void write(int[] order, int from, int count, float[] out) {
                for (int e = 0; e < count; e++) {
                    int w = order[from + e];
                    if (!perStep) {
                        System.arraycopy(targetValues, w * row, out, e * outputs, outputs);
                        continue;
                    }
                    for (int t = 0; t < lookback; t++) {
                        System.arraycopy(targetValues, w * row + t * targets, out, (t * count + e) * targets,
                                targets);
                    }
                }
            }

            @Override
            public void writeReferences(int[] order, int from, int count, float[] out) {
                for (int e = 0; e < count; e++) {
                    System.arraycopy(references, order[from + e] * width, out, e * width, width);
                }
            }
        };
    }

    @Override
    public BatchWriter writer(InputScaling scaling) {
        // The windows are standardised as they are cut (per series); a further scaling would undo that.
        return (order, from, count, batchSteps, out) -> {
            for (int s = 0; s < batchSteps; s++) {
                for (int e = 0; e < count; e++) {
                    System.arraycopy(inputs, (order[from + e] * lookback + s) * features, out,
                            (s * count + e) * features, features);
                }
            }
        };
    }

    @Override
    public void addTo(FeatureStatistics statistics) {
        for (int start = 0; start < inputs.length; start += features) {
            statistics.addStep(inputs, start);
        }
    }

    @Override
    public String toString() {
        return "SeriesWindows[" + size() + " windows of " + lookback + " x " + features + " from " + ids.length
                + " series]";
    }

    /* A float array grown by appending rows, for windows whose count is known only at the end. */
    private static final class Growing {
        private float[] values = new float[1024];
        private int used;

        void add(float[] row) {
            if (used + row.length > values.length) {
                values = Arrays.copyOf(values, Math.max(used + row.length, values.length * 2));
            }
            System.arraycopy(row, 0, values, used, row.length);
            used += row.length;
        }

        float[] array() {
            return Arrays.copyOf(values, used);
        }
    }
}
