package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.ForecastReference;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SeriesTable;
import io.github.sparklstm.data.SeriesWindows;
import io.github.sparklstm.distributed.data.SeriesSource;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.LstmNetwork;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The forecast past the end of every series of a table, on the executors: each series grouped and made regular as
 * in training, its last {@code lookback} steps standardised by its own history (or the model's pooled scaling),
 * the model's next {@code horizon} values turned back into the data's units. One row per series and step ahead:
 * the series, the time of that step, {@code horizon} (1..H) and a column per target under the target's own name,
 * so the output reads as the table's next rows. Series shorter than the lookback get no row (counted).
 */
public final class SeriesForecaster {

    private SeriesForecaster() {
    }

    /** The model and the settings every task needs, broadcast once. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Request(SavedModel model, int batchSize) implements Serializable {
    }

    /** The forecasts of {@code table}'s series, and how many series were too short to forecast. */
    public record Forecasts(Dataset<Row> rows, org.apache.spark.util.LongAccumulator tooShort) {
    }

    public static Forecasts forecast(SparkSession spark, Dataset<Row> table, SavedModel model, String source,
                                     int batchSize) {
        SeriesTable forecast = model.forecast();
        if (forecast == null) {
            throw new IllegalArgumentException("the model classifies: a forecast needs a model trained with "
                    + "model.task=forecast");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SeriesSource.Grouping grouping = SeriesSource.Grouping.of(table, forecast, source, sc.defaultParallelism());
        Broadcast<Request> request = sc.broadcast(new Request(model, batchSize));
        var tooShort = sc.sc().longAccumulator("series shorter than the lookback");
        List<StructField> fields = new ArrayList<>();
        if (!forecast.idCol().isEmpty()) {
            fields.add(DataTypes.createStructField(forecast.idCol(), DataTypes.StringType, false));
        }
        fields.add(DataTypes.createStructField(forecast.timeCol(), grouping.times().sparkType(), false));
        fields.add(DataTypes.createStructField("horizon", DataTypes.IntegerType, false));
        for (String target : forecast.valueCols()) {
            fields.add(DataTypes.createStructField(target, DataTypes.DoubleType, false));
        }
        JavaRDD<Row> rows = grouping.rows().javaRDD().mapPartitions(new Forecasting(grouping.reader(), request,
                !forecast.idCol().isEmpty(), tooShort));
        return new Forecasts(spark.createDataFrame(rows, new StructType(fields.toArray(new StructField[0]))), tooShort);
    }

    static final class Forecasting implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final SeriesSource.Reader reader;
        private final Broadcast<Request> request;
        private final boolean named;
        private final org.apache.spark.util.LongAccumulator tooShort;

        Forecasting(SeriesSource.Reader reader, Broadcast<Request> request, boolean named,
                    org.apache.spark.util.LongAccumulator tooShort) {
            this.reader = reader;
            this.request = request;
            this.named = named;
            this.tooShort = tooShort;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> observations) throws Exception {
            SavedModel model = request.value().model();
            SeriesTable forecast = model.forecast();
            var windows = forecast.windows();
            int targets = forecast.valueCols().size();
            int outputs = model.spec().classes();
            InputScaling global = model.format().scaling();
            List<Row> out = new ArrayList<>();
            reader.forEach(observations, s -> {
                SeriesWindows latest = SeriesWindows.of(List.of(s), targets, windows, SeriesWindows.Part.LATEST,
                        global);
                if (latest.size() == 0) {
                    tooShort.add(1);
                    return;
                }
                LstmNetwork network = ThreadNetworks.of(request.id(), model.spec(), windows.lookback(), 1,
                        model.parameters());
                var batch = new BatchBuilder(latest, InputScaling.identity(latest.features()), 1)
                        .build(new int[] {0}, 0, 1);
                network.forward(batch);
                double[] values = network.logits();
                // A per-step model's forecast is its last step's.
                int row = windows.perStep() ? (windows.lookback() - 1) * outputs : 0;
                float[] reference = latest.reference(0);
                int horizon = windows.perStep() ? 1 : windows.horizon();
                for (int h = 0; h < horizon; h++) {
                    List<Object> fields = new ArrayList<>();
                    if (named) {
                        fields.add(s.id());
                    }
                    fields.add(reader.times().value(s.time(s.length() + h)));
                    fields.add(h + 1);
                    for (int j = 0; j < targets; j++) {
                        double mean = reference[ForecastReference.mean(j)];
                        double std = reference[ForecastReference.std(targets, j)];
                        fields.add(mean + std * values[row + h * targets + j]);
                    }
                    out.add(RowFactory.create(fields.toArray()));
                }
            });
            return out.iterator();
        }
    }
}
