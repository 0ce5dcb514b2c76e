package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.TextSymbols;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.train.Generation;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * A language model over a text column, on the executors: each row's text continued ({@link Generation}) and scored
 * (its bits per symbol after the first), a row at a time with the weights broadcast once per transform. A row's
 * draws are seeded by the seed and the row's text, so a text gets the same continuation on any partition, in any
 * order.
 */
public final class TextScorer {

    /** What to add (column names, "" for none) and how to draw: {@link Generation.Settings}' fields. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    public record Columns(String textCol, String generatedCol, String bitsCol, int length, double temperature,
                          int topK, long seed) implements Serializable {
        public Columns {
            new Generation.Settings(length, temperature, topK, seed); // refuses what generation would
        }
    }

    private TextScorer() {
    }

    /** {@code input}'s schema with the output columns; the text column must hold strings. */
    public static StructType outputSchema(StructType input, Columns cols) {
        String[] names = input.fieldNames();
        if (!java.util.Arrays.asList(names).contains(cols.textCol())) {
            throw new IllegalArgumentException("textCol " + cols.textCol() + ": no such column in the input (it "
                    + "has " + String.join(", ", names) + ")");
        }
        if (!(input.apply(cols.textCol()).dataType() instanceof StringType)) {
            throw new IllegalArgumentException("textCol " + cols.textCol() + ": a string column is needed, found "
                    + input.apply(cols.textCol()).dataType().simpleString());
        }
        StructType out = input;
        for (String added : new String[] {cols.generatedCol(), cols.bitsCol()}) {
            if (!added.isEmpty() && java.util.Arrays.asList(names).contains(added)) {
                throw new IllegalArgumentException("output column " + added + " is already in the input");
            }
        }
        if (!cols.generatedCol().isEmpty()) {
            out = out.add(cols.generatedCol(), DataTypes.StringType, true);
        }
        if (!cols.bitsCol().isEmpty()) {
            out = out.add(cols.bitsCol(), DataTypes.DoubleType, false);
        }
        return out;
    }

    public static Dataset<Row> transform(Dataset<Row> input, SavedModel model, Columns cols) {
        StructType schema = outputSchema(input.schema(), cols);
        SparkSession spark = input.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Request> request = sc.broadcast(new Request(model.spec(), model.format().steps(),
                model.parameters(), TextSymbols.listed(model.labels().names()), model.format().text(), cols,
                input.schema().fieldIndex(cols.textCol())));
        return spark.createDataFrame(input.javaRDD().mapPartitions(new Partition(request)), schema);
    }

    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Request(ModelSpec spec, int steps, float[] parameters, TextSymbols vocabulary, TextSymbols.Unit unit,
                   Columns cols, int textAt) implements Serializable {
    }

    static final class Partition implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Request> request;

        Partition(Broadcast<Request> request) {
            this.request = request;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ComputeThreads.limit(1);
            Request r = request.value();
            LstmNetwork model = ThreadNetworks.of(request.id(), r.spec(), r.steps(), 1, r.parameters());
            TextSymbols vocabulary = r.vocabulary();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    return scored(rows.next(), r, model, vocabulary);
                }
            };
        }
    }

    private static Row scored(Row row, Request r, LstmNetwork model, TextSymbols vocabulary) {
        List<Object> values = new ArrayList<>(row.size() + 2);
        for (int i = 0; i < row.size(); i++) {
            values.add(row.get(i));
        }
        String text = row.isNullAt(r.textAt()) ? null : row.getString(r.textAt());
        List<String> symbols = text == null ? List.of() : r.unit().split(text);
        int[] numbers = vocabulary.encode(symbols);
        Columns cols = r.cols();
        if (!cols.generatedCol().isEmpty()) {
            if (numbers.length == 0) {
                values.add(null);
            } else {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                long seed = EpochOrder.mix(cols.seed() + java.util.Arrays.hashCode(bytes));
                int[] drawn = Generation.continuation(model, numbers,
                        new Generation.Settings(cols.length(), cols.temperature(), cols.topK(), seed));
                List<String> written = new ArrayList<>(drawn.length);
                for (int n : drawn) {
                    written.add(vocabulary.symbol(n));
                }
                values.add(r.unit().join(written));
            }
        }
        if (!cols.bitsCol().isEmpty()) {
            values.add(Generation.bitsPerSymbol(Generation.logProbabilities(model, numbers)));
        }
        return RowFactory.create(values.toArray());
    }
}
