package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.distributed.data.DataSettings;
import io.github.sparklstm.distributed.data.RowValues;
import io.github.sparklstm.distributed.data.TableColumns;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A saved model applied to a DataFrame on the executors: the input's columns plus the logits
 * ({@code rawPrediction}, a vector), their softmax ({@code probability}), the class number ({@code prediction}) and
 * the class as the training data wrote it ({@code predictedLabel}). The model is broadcast once per transform;
 * each task runs it forward in minibatches.
 */
public final class FrameScorer {

    /**
     * Where the features are, and the names of the output columns; an empty name leaves that column out.
     * {@code jobKeys}: messages name the column settings as the job's keys (data.featuresCol) rather than as
     * Params (featuresCol).
     */
    public record Columns(String featuresCol, String labelCol, String rawPredictionCol, String probabilityCol,
                          String predictionCol, String predictedLabelCol, boolean jobKeys, String lengthCol)
            implements Serializable {
    }

    private static final String FEATURES = "__spark_lstm_features";

    private FrameScorer() {
    }

    /** The schema of the output, after checking the input's features with the job's messages. */
    public static StructType outputSchema(StructType input, SavedModel model, Columns cols)
            throws InvalidDataException {
        features(input, cols);
        return withOutputs(input, model.labels().areStrings(), cols, model.spec().output() == ModelSpec.Output.STEPS);
    }

    /**
     * What a model fit on {@code input} will output, after checking the features and label columns for fitting
     * (names in messages are the ML params').
     */
    public static StructType fitSchema(StructType input, DataSettings settings, Columns cols)
            throws InvalidDataException {
        TableColumns columns = TableColumns.resolve(input, settings.featuresCol(), settings.labelCol(), true,
                TableColumns.PARAM_NAMES, "the training DataFrame");
        return withOutputs(input, columns.stringLabels(), cols, settings.perStep());
    }

    /* The output columns; a per-step model's are arrays, an element per step of the row's sequence. */
    private static StructType withOutputs(StructType input, boolean stringLabels, Columns cols, boolean perStep)
            throws InvalidDataException {
        StructType out = input;
        for (String[] column : new String[][] {{cols.rawPredictionCol(), "vector"},
            {cols.probabilityCol(), "vector"}, {cols.predictionCol(), "double"},
            {cols.predictedLabelCol(), stringLabels ? "string" : "int"}}) {
            if (column[0].isEmpty()) {
                continue;
            }
            if (List.of(out.fieldNames()).contains(column[0])) {
                throw new InvalidDataException("the input", "already has a column " + column[0]
                        + "; name the output column otherwise");
            }
            DataType type = switch (column[1]) {
                case "vector" -> SQLDataTypes.VectorType();
                case "double" -> DataTypes.DoubleType;
                case "string" -> DataTypes.StringType;
                default -> DataTypes.IntegerType;
            };
            out = out.add(column[0], perStep ? DataTypes.createArrayType(type, false) : type, false);
        }
        return out;
    }

    private static TableColumns features(StructType input, Columns cols) throws InvalidDataException {
        return TableColumns.resolve(input, cols.featuresCol(), cols.labelCol(), false, cols.jobKeys()
                ? TableColumns.JOB_KEYS : TableColumns.PARAM_NAMES, "the input")
                .withLength(input, cols.lengthCol(), cols.jobKeys() ? "data.lengthCol" : "lengthCol", "the input");
    }

    /** {@code input} with the prediction columns of {@code model}, in minibatches of {@code batchSize}. */
    public static Dataset<Row> transform(Dataset<Row> input, SavedModel model, Columns cols, int batchSize)
            throws InvalidDataException {
        return transform(input, model, cols, batchSize, true);
    }

    /**
     * As {@link #transform(Dataset, SavedModel, Columns, int)}; without {@code keepFeatures} the columns the
     * features come from are left out of the output (batch prediction writes the rest), which also spares
     * converting them back.
     */
    public static Dataset<Row> transform(Dataset<Row> input, SavedModel model, Columns cols, int batchSize,
                                         boolean keepFeatures) throws InvalidDataException {
        StructType inputSchema = input.schema();
        TableColumns columns = features(inputSchema, cols);
        List<Integer> kept = new ArrayList<>();
        StructType keptSchema = new StructType();
        for (int i = 0; i < inputSchema.size(); i++) {
            if (keepFeatures || !columns.sources().contains(inputSchema.fields()[i].name())) {
                kept.add(i);
                keptSchema = keptSchema.add(inputSchema.fields()[i]);
            }
        }
        StructType schema = withOutputs(keptSchema, model.labels().areStrings(), cols,
                model.spec().output() == ModelSpec.Output.STEPS);
        // A features column read as it is needs no copy; a vector or gathered columns become one array first.
        boolean plain = columns.direct();
        Dataset<Row> source = plain ? input : input.withColumn(FEATURES, columns.features());
        int featuresAt = plain ? inputSchema.fieldIndex(columns.featuresName()) : inputSchema.size();
        SparkSession spark = input.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Broadcast once per transform and left to Spark's cleaner: the result is lazy and may be computed again.
        Broadcast<Request> request = sc.broadcast(new Request(model.spec(), model.format(), model.labels(),
                model.parameters(), batchSize, new RowValues(columns.layout(), model.format().steps(),
                model.format().features(), columns.featuresName(), model.format().variableLength(), 0, false),
                featuresAt, cols.lengthCol().isEmpty() ? -1 : inputSchema.fieldIndex(cols.lengthCol()),
                kept.stream().mapToInt(Integer::intValue).toArray(), cols));
        return spark.createDataFrame(source.javaRDD().mapPartitions(new Partition(request)), schema);
    }

    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Request(ModelSpec spec, SequenceFormat format, ClassLabels labels, float[] parameters, int batchSize,
                   RowValues values, int featuresAt, int lengthAt, int[] kept, Columns cols) implements Serializable {
    }


    /** The executor side: a partition's rows, a minibatch at a time. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Request> request;

        Partition(Broadcast<Request> request) {
            this.request = request;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ComputeThreads.limit(1);
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            int partition = task == null ? 0 : task.partitionId();
            Request r = request.value();
            return new Batches(rows, r, request.id(), network(r, request.id(), r.format().steps()), partition);
        }
    }

    /* This thread's network for the request, with room for sequences of at least {@code steps} steps. */
    private static LstmNetwork network(Request r, long id, int steps) {
        return ThreadNetworks.of(id, r.spec(), steps, r.batchSize(), r.parameters());
    }

    private static final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Request r;
        private LstmNetwork network;
        private final List<Row> pending = new ArrayList<>();
        private final int partition;
        private final long id;
        private int next;
        private long seen;

        Batches(Iterator<Row> rows, Request r, long id, LstmNetwork network, int partition) {
            this.id = id;
            this.rows = rows;
            this.r = r;
            this.network = network;
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            if (next < pending.size()) {
                return true;
            }
            pending.clear();
            next = 0;
            if (rows.hasNext()) {
                predictNextBatch();
            }
            return next < pending.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.get(next++);
        }

        private void predictNextBatch() {
            int features = r.format().features();
            List<Row> inputs = new ArrayList<>();
            List<float[]> sequences = new ArrayList<>();
            int total = 0;
            int longest = 0;
            boolean sameLength = true;
            while (inputs.size() < r.batchSize() && rows.hasNext()) {
                Row row = rows.next();
                float[] sequence;
                try {
                    long length = RowValues.NO_LENGTH;
                    if (r.lengthAt() >= 0) {
                        if (row.isNullAt(r.lengthAt())) {
                            throw new IllegalArgumentException("the length column is null");
                        }
                        length = ((Number) row.get(r.lengthAt())).longValue();
                    }
                    sequence = r.values().sequence(RowValues.ofList(row.get(r.featuresAt())), length);
                } catch (IllegalArgumentException e) {
                    throw new java.io.UncheckedIOException(new InvalidDataException("the input", "row " + seen
                            + " of partition " + partition + ": " + e.getMessage()));
                }
                int length = sequence.length / features;
                sameLength &= sequences.isEmpty() || length == longest;
                longest = Math.max(longest, length);
                total += sequence.length;
                sequences.add(sequence);
                inputs.add(row);
                seen++;
            }
            int n = inputs.size();
            int[] order = new int[n];
            float[] values = new float[total];
            int[] ends = new int[n];
            int at = 0;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                float[] sequence = sequences.get(i);
                System.arraycopy(sequence, 0, values, at, sequence.length);
                at += sequence.length;
                ends[i] = at / features;
            }
            if (longest > network.steps()) {
                network = network(r, id, longest);
            }
            FloatSequences set = new FloatSequences(values, new int[n], longest, features, sameLength ? null : ends);
            BatchBuilder builder = new BatchBuilder(set, r.format().scaling(), n);
            network.forward(builder.build(order, 0, n));
            // A batch of sequences of different lengths runs longest first: each row's logits are where it went.
            int[] rowOf = builder.lastPositions();
            double[] logits = network.logits();
            int classes = r.spec().classes();
            boolean perStep = r.spec().output() == ModelSpec.Output.STEPS;
            for (int e = 0; e < n; e++) {
                int row = rowOf == null ? e : rowOf[e];
                int steps = perStep ? set.length(e) : 1;
                double[][] rows = new double[steps][];
                for (int t = 0; t < steps; t++) {
                    // Per step the logits are time-major over the batch's rows.
                    int scored = perStep ? t * n + row : row;
                    rows[t] = java.util.Arrays.copyOfRange(logits, scored * classes, (scored + 1) * classes);
                }
                pending.add(output(inputs.get(e), rows, perStep));
            }
        }

        /* The row with its outputs: those of its one prediction, or arrays of those of each step. */
        private Row output(Row input, double[][] logits, boolean perStep) {
            List<Object> values = new ArrayList<>(r.kept().length + 4);
            for (int i : r.kept()) {
                values.add(input.get(i));
            }
            List<Object[]> steps = new ArrayList<>();
            for (double[] step : logits) {
                steps.add(predicted(step));
            }
            for (int column = 0; column < 4; column++) {
                if (!used(column)) {
                    continue;
                }
                if (!perStep) {
                    values.add(steps.get(0)[column]);
                    continue;
                }
                Object[] array = new Object[steps.size()];
                for (int t = 0; t < array.length; t++) {
                    array[t] = steps.get(t)[column];
                }
                values.add(array);
            }
            return RowFactory.create(values.toArray());
        }

        private boolean used(int column) {
            Columns cols = r.cols();
            return !(column == 0 ? cols.rawPredictionCol() : column == 1 ? cols.probabilityCol()
                    : column == 2 ? cols.predictionCol() : cols.predictedLabelCol()).isEmpty();
        }

        /* One prediction's outputs: logits (a vector), probabilities (a vector), class (double), its label. */
        private Object[] predicted(double[] logits) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < logits.length; k++) {
                if (logits[k] > max) {
                    max = logits[k];
                    best = k;
                }
            }
            double sum = 0;
            double[] probability = new double[logits.length];
            for (int k = 0; k < logits.length; k++) {
                probability[k] = Math.exp(logits[k] - max);
                sum += probability[k];
            }
            for (int k = 0; k < logits.length; k++) {
                probability[k] /= sum;
            }
            return new Object[] {Vectors.dense(logits), Vectors.dense(probability), (double) best,
                r.labels().areStrings() ? r.labels().name(best) : (Object) best};
        }
    }
}
