package io.github.sparklstm.distributed.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.ForecastSettings;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.Series;
import io.github.sparklstm.data.SeriesWindows;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

/**
 * A long table of observations (series, time, values) as forecasting windows. Spark groups the rows by series into
 * buckets (a hash of the series) and sorts each bucket by series and time, so an executor meets one whole series
 * at a time and holds only it; a planning pass counts each bucket's windows of every part (and pools the training
 * parts' moments, for global scaling), so the driver learns counts and statistics only, and each window's position
 * is its bucket's first plus its place in the bucket. Reading a part runs the same grouping again and cuts the
 * windows ({@link SeriesWindows}): the grouping of a table is a function of the table and the bucket count.
 */
public final class SeriesSource implements DataSource {

    /** What the planning pass learns of one bucket. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Bucket(int index, long[] windows, int series, int skipped, String firstSkipped, int firstSkippedLength,
                  double[] moments) implements Serializable {
    }

    /** The table as planned: its grouping, its buckets' counts and the scaling all parts share. */
    static final class Plan {
        private final String described;
        private final Dataset<Row> grouped;
        private final io.github.sparklstm.data.SeriesTable forecast;
        private final SeriesTimes times;
        private final List<Bucket> buckets;
        private final DataFingerprint fingerprint;
        private final InputScaling global;

        private Plan(String described, Dataset<Row> grouped, io.github.sparklstm.data.SeriesTable forecast, SeriesTimes times,
                     List<Bucket> buckets, DataFingerprint fingerprint, InputScaling global) {
            this.described = described;
            this.grouped = grouped;
            this.forecast = forecast;
            this.times = times;
            this.buckets = buckets;
            this.fingerprint = fingerprint;
            this.global = global;
        }

        SeriesSource part(SeriesWindows.Part part) {
            return new SeriesSource(this, part);
        }

        SeriesCounts counts() {
            long series = 0;
            long skipped = 0;
            String first = null;
            int length = 0;
            for (Bucket b : buckets) {
                series += b.series();
                skipped += b.skipped();
                if (first == null && b.firstSkipped() != null) {
                    first = b.firstSkipped();
                    length = b.firstSkippedLength();
                }
            }
            return new SeriesCounts(series, skipped, first, length);
        }
    }

    private final Plan plan;
    private final SeriesWindows.Part part;

    private SeriesSource(Plan plan, SeriesWindows.Part part) {
        this.plan = plan;
        this.part = part;
    }

    /** Plans the table at {@code pattern}: its columns checked on the driver, its series counted on the executors. */
    static Plan plan(SparkSession spark, DataSettings settings, String pattern, int buckets) throws IOException {
        io.github.sparklstm.data.SeriesTable forecast = settings.forecast();
        List<FileStatus> listed = HadoopStore.files(pattern, spark.sparkContext().hadoopConfiguration());
        if (listed.isEmpty()) {
            throw new InvalidDataException(pattern, "no file matches (data.train)");
        }
        List<DataFingerprint.FileEntry> files = new ArrayList<>();
        for (FileStatus f : listed) {
            files.add(new DataFingerprint.FileEntry(f.getPath().toString(), f.getLen(), f.getModificationTime()));
        }
        Dataset<Row> table;
        try {
            table = spark.read().format(settings.format()).options(TableSource.readerOptions(settings)).load(pattern);
        } catch (Exception e) { // Spark's AnalysisException: no schema to infer, a path it cannot list
            String reason = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
            throw new InvalidDataException(pattern, "cannot be read as " + settings.format() + " (" + reason + ")", e);
        }
        Grouping grouping = Grouping.of(table, forecast, pattern, buckets);
        SeriesTimes times = grouping.times();
        Dataset<Row> grouped = grouping.rows();
        Reader reader = new Reader(pattern, forecast, times);
        List<Bucket> counted = new ArrayList<>(DataCatalog.reading(pattern, () -> grouped.javaRDD()
                .mapPartitionsWithIndex(new Counting(reader), false).collect()));
        counted.sort(java.util.Comparator.comparingInt(Bucket::index));
        InputScaling global = forecast.windows().scaling() == ForecastSettings.Scaling.GLOBAL
                ? pooled(counted, forecast.columns().size(), pattern) : null;
        Plan plan = new Plan(pattern, grouped, forecast, times, counted, DataFingerprint.ofPaths(files), global);
        SeriesCounts counts = plan.counts();
        if (counts.series() == 0) {
            throw new InvalidDataException(pattern, counts.skipped() == 0 ? "holds no observation"
                    : "has no series of at least " + forecast.windows().shortestSeries() + " steps (forecast.lookback "
                    + "+ horizon + validationSteps + testSteps); the longest of " + counts.skipped() + " is shorter");
        }
        return plan;
    }

    /**
     * A table's observations as Spark groups them for a forecast: {@code id, time, v_<column>...} (time in whole
     * periods), in {@code buckets} partitions by series, each sorted by series and time; and the reader that
     * turns such a bucket into its series.
     */
    public record Grouping(Dataset<Row> rows, SeriesTimes times, Reader reader) {

        /** Checks the columns {@code forecast} names against the table's schema, on the driver. */
        public static Grouping of(Dataset<Row> table, io.github.sparklstm.data.SeriesTable forecast, String source,
                                  int buckets) {
            SeriesTimes times = SeriesTimes.of(forecast.timeCol(), field(table, forecast.timeCol(), "series.timeCol",
                    source).dataType(), forecast.frequency(), source);
            List<Column> selected = new ArrayList<>();
            selected.add(forecast.idCol().isEmpty() ? lit("").as("id")
                    : col(field(table, forecast.idCol(), "series.idCol", source).name()).cast("string").as("id"));
            selected.add(times.period(forecast.timeCol()).as("time"));
            for (String name : forecast.valueCols()) {
                selected.add(numeric(table, name, "series.valueCols", source));
            }
            for (String name : forecast.covariateCols()) {
                selected.add(numeric(table, name, "series.covariateCols", source));
            }
            Dataset<Row> grouped = table.select(selected.toArray(new Column[0]))
                    .repartition(Math.max(1, buckets), col("id")).sortWithinPartitions("id", "time");
            return new Grouping(grouped, times, new Reader(source, forecast, times));
        }
    }

    private static StructField field(Dataset<Row> table, String name, String key, String source) {
        for (StructField f : table.schema().fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new ConfigException(source + " has no column " + name + " (" + key + "); its columns: "
                + String.join(", ", table.columns()));
    }

    private static Column numeric(Dataset<Row> table, String name, String key, String source) {
        StructField f = field(table, name, key, source);
        if (!(f.dataType() instanceof NumericType)) {
            throw new ConfigException(source + ": column " + name + " (" + key + ") is " + f.dataType().simpleString()
                    + ", not a number");
        }
        return col(name).cast("double").as("v_" + name);
    }

    /* The training parts' mean and standard deviation per column, every series pooled (global scaling). */
    private static InputScaling pooled(List<Bucket> buckets, int columns, String source) throws InvalidDataException {
        double[] m = new double[3 * columns];
        for (Bucket b : buckets) {
            for (int i = 0; i < m.length; i++) {
                m[i] += b.moments()[i];
            }
        }
        float[] mean = new float[columns];
        float[] std = new float[columns];
        for (int c = 0; c < columns; c++) {
            double mu = m[columns + c] / m[c];
            double variance = m[2 * columns + c] / m[c] - mu * mu;
            mean[c] = (float) mu;
            std[c] = variance > 1e-12 * Math.max(1, mu * mu) ? (float) Math.sqrt(variance) : 1f;
            if (!Float.isFinite(mean[c]) || !Float.isFinite(std[c])) {
                throw new InvalidDataException(source, "column " + c + "'s training values overflow float "
                        + "(mean " + mu + "): forecast.scaling=series scales each series by its own");
            }
        }
        return new InputScaling(mean, std);
    }

    /** Turns one bucket's rows, sorted by series and time, into its series one at a time. */
    public static final class Reader implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final io.github.sparklstm.data.SeriesTable forecast;
        private final SeriesTimes times;

        Reader(String source, io.github.sparklstm.data.SeriesTable forecast, SeriesTimes times) {
            this.source = source;
            this.forecast = forecast;
            this.times = times;
        }

        public interface Each {
            void accept(Series series) throws IOException;
        }

        /** Calls {@code each} with every series of a bucket's rows, in order; a bad series fails naming itself. */
        public void forEach(Iterator<Row> rows, Each each) throws IOException {
            List<String> names = forecast.columns();
            int columns = names.size();
            String current = null;
            List<long[]> timeList = new ArrayList<>();
            List<double[]> valueList = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                if (r.isNullAt(0)) {
                    throw new InvalidDataException(source, "a row has no series (" + forecast.idCol() + " is null)");
                }
                String id = r.getString(0);
                if (!id.equals(current)) {
                    if (current != null) {
                        each.accept(series(current, timeList, valueList, names));
                    }
                    current = id;
                    timeList.clear();
                    valueList.clear();
                }
                if (r.isNullAt(1)) {
                    throw new InvalidDataException(source, (id.isEmpty() ? "the series" : "series " + id)
                            + ": a row has no time (" + forecast.timeCol() + " is null)");
                }
                long time = r.getLong(1);
                double[] values = new double[columns];
                for (int c = 0; c < columns; c++) {
                    if (r.isNullAt(2 + c)) {
                        throw new InvalidDataException(source, (id.isEmpty() ? "the series" : "series " + id) + " at "
                                + times.text(time) + ": " + names.get(c) + " is null");
                    }
                    values[c] = r.getDouble(2 + c);
                }
                timeList.add(new long[] {time});
                valueList.add(values);
            }
            if (current != null) {
                each.accept(series(current, timeList, valueList, names));
            }
        }

        private Series series(String id, List<long[]> timeList, List<double[]> valueList, List<String> names)
                throws InvalidDataException {
            long[] t = new long[timeList.size()];
            for (int k = 0; k < t.length; k++) {
                t[k] = timeList.get(k)[0];
            }
            return Series.of(source, id, t, valueList.toArray(new double[0][]), names, times.step(),
                    forecast.windows().fillGaps(), times::text);
        }

        ForecastSettings windows() {
            return forecast.windows();
        }

        public SeriesTimes times() {
            return times;
        }

        int targets() {
            return forecast.valueCols().size();
        }
    }

    /** The planning pass over one bucket. */
    static final class Counting implements Function2<Integer, Iterator<Row>, Iterator<Bucket>> {
        private static final long serialVersionUID = 1L;
        private final Reader reader;

        Counting(Reader reader) {
            this.reader = reader;
        }

        @Override
        public Iterator<Bucket> call(Integer index, Iterator<Row> rows) throws IOException {
            SeriesWindows.Part[] parts = SeriesWindows.Part.values();
            long[] windows = new long[parts.length];
            int[] series = {0, 0};
            String[] first = {null};
            int[] firstLength = {0};
            double[][] moments = {null};
            reader.forEach(rows, s -> {
                if (SeriesWindows.count(s, reader.windows(), SeriesWindows.Part.TEST) == 0) {
                    series[1]++;
                    if (first[0] == null) {
                        first[0] = s.id();
                        firstLength[0] = s.length();
                    }
                    return;
                }
                series[0]++;
                for (SeriesWindows.Part p : parts) {
                    windows[p.ordinal()] += SeriesWindows.count(s, reader.windows(), p);
                }
                double[] m = SeriesWindows.trainingMoments(s, reader.windows());
                if (moments[0] == null) {
                    moments[0] = m;
                } else {
                    Arrays.setAll(moments[0], i -> moments[0][i] + m[i]);
                }
            });
            double[] sums = moments[0] != null ? moments[0] : new double[3 * reader.forecast.columns().size()];
            return List.of(new Bucket(index, windows, series[0], series[1], first[0], firstLength[0], sums))
                    .iterator();
        }
    }

    /** The reading pass: one bucket's windows of a part, tagged with their positions. */
    static final class Cutting implements Function2<Integer, Iterator<Row>, Iterator<Tuple2<Long, byte[]>>> {
        private static final long serialVersionUID = 1L;
        private final Reader reader;
        private final SeriesWindows.Part part;
        private final long[] firsts;
        private final long limit;
        private final InputScaling global;
        private final ExampleCodec codec;

        Cutting(Reader reader, SeriesWindows.Part part, long[] firsts, long limit, InputScaling global,
                ExampleCodec codec) {
            this.reader = reader;
            this.part = part;
            this.firsts = firsts;
            this.limit = limit;
            this.global = global;
            this.codec = codec;
        }

        @Override
        public Iterator<Tuple2<Long, byte[]>> call(Integer index, Iterator<Row> rows) throws IOException {
            List<Tuple2<Long, byte[]>> out = new ArrayList<>();
            long[] position = {firsts[index]};
            reader.forEach(rows, s -> {
                SeriesWindows windows = SeriesWindows.of(List.of(s), reader.targets(), reader.windows(), part, global);
                for (int w = 0; w < windows.size() && position[0] < limit; w++) {
                    float[][] parts = windows.window(w);
                    out.add(new Tuple2<>(position[0]++, codec.encodeWindow(parts[0], parts[1], parts[2])));
                }
            });
            return out.iterator();
        }
    }

    /** The pooled scaling of forecast.scaling=global, which a model keeps for its forecasts; else null. */
    InputScaling globalScaling() {
        return plan.global;
    }

    /** Series, counts of the whole table. */
    SeriesCounts counts() {
        return plan.counts();
    }

    @Override
    public String describe() {
        return plan.described;
    }

    @Override
    public long count() {
        long n = 0;
        for (Bucket b : plan.buckets) {
            n += b.windows()[part.ordinal()];
        }
        return n;
    }

    @Override
    public ExampleCodec codec() {
        ForecastSettings w = plan.forecast.windows();
        int targets = plan.forecast.valueCols().size();
        return ExampleCodec.windows(w.lookback(), plan.forecast.columns().size(), targets, w.outputs(targets),
                w.perStep());
    }

    @Override
    public DataFingerprint fingerprint() {
        return plan.fingerprint;
    }

    @Override
    public Location where(long position) {
        return new Location(plan.described, part.name().toLowerCase(java.util.Locale.ROOT) + " window " + position);
    }

    @Override
    public JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels,
                                          long limit) {
        long[] firsts = new long[plan.buckets.size()];
        long first = 0;
        for (Bucket b : plan.buckets) {
            firsts[b.index()] = first;
            first += b.windows()[part.ordinal()];
        }
        Reader reader = new Reader(plan.described, plan.forecast, plan.times);
        return JavaPairRDD.fromJavaRDD(plan.grouped.javaRDD().mapPartitionsWithIndex(new Cutting(reader, part,
                firsts, limit, plan.global, codec()), false));
    }
}
