package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The feature and label columns of a table, checked against its schema, as the expressions the executors read:
 * nested arrays as they are; a flat array or an ML vector as one flat array; several numeric columns gathered
 * into one flat array. Numbers stay in their type until the executor turns them into float32 (a SQL cast would
 * throw on some values under ANSI mode, which Spark 4 turns on).
 */
public record TableColumns(Column features, String featuresName, List<String> sources, TableRows.Layout layout,
                    Column label, String labelName, boolean stringLabels, boolean stepLabels, Column length,
                    String lengthName) {

    /**
     * These columns with {@code lengthName} (empty: none) as the column of each sequence's number of steps: an
     * integer column; the features past it are padding.
     */
    public TableColumns withLength(StructType schema, String lengthName, String key, String source)
            throws InvalidDataException {
        if (lengthName.isEmpty()) {
            return this;
        }
        DataType type = field(schema, lengthName, key, source).dataType();
        if (!(type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType))) {
            throw new InvalidDataException(source, "length column " + lengthName + " has type " + type.simpleString()
                    + "; allowed: integers (the number of steps of each sequence)");
        }
        return new TableColumns(features, featuresName, sources, layout, label, this.labelName, stringLabels,
                stepLabels, quoted(lengthName).cast(DataTypes.LongType), lengthName);
    }

    /** The columns a reader selects after the features: the label (if any), then the length (if any). */
    Column[] afterFeatures() {
        List<Column> more = new ArrayList<>();
        if (label != null) {
            more.add(label);
        }
        if (length != null) {
            more.add(length);
        }
        return more.toArray(Column[]::new);
    }

    /** Whether the features are one column read as it is (not a vector converted nor columns gathered). */
    public boolean direct() {
        return sources.size() == 1 && features.equals(quoted(sources.get(0)));
    }

    static final String ALLOWED_FEATURES = "array<array<float|double|int|bigint>> (steps x features); "
            + "array<float|double|int|bigint> or an ML vector (with data.steps and/or data.inputSize); or numeric "
            + "columns (data.featuresCol=a,b,c, a pattern such as pixel*, or * for all but the label)";
    static final String ALLOWED_LABELS = "integer numbers 0..C-1 (any integer or floating type holding integers) or "
            + "strings; for model.output=steps an array of them, one per step (null: no label)";

    public static TableColumns resolve(StructType schema, DataSettings settings, String source)
            throws InvalidDataException {
        return resolve(schema, settings.featuresCol(), settings.labelCol(), true, JOB_KEYS, source)
                .withLength(schema, settings.lengthCol(), "data.lengthCol", source);
    }

    /** How messages name the two column settings: the job's keys, or the ML API's param names. */
    record Keys(String features, String label) {
    }

    public static final Keys JOB_KEYS = new Keys("data.featuresCol", "data.labelCol");
    public static final Keys PARAM_NAMES = new Keys("featuresCol", "labelCol");

    /**
     * The columns of {@code schema}: features named by {@code wanted} (see data.featuresCol) and the label
     * {@code labelName}, which a table to predict ({@code withLabel} false) need not have; feature patterns leave
     * it out either way.
     */
    public static TableColumns resolve(StructType schema, String wanted, String labelName, boolean withLabel, Keys keys,
                                String source) throws InvalidDataException {
        boolean stringLabels = false;
        boolean stepLabels = false;
        Column label = null;
        if (withLabel) {
            DataType labelType = field(schema, labelName, keys.label(), source).dataType();
            stepLabels = labelType instanceof ArrayType;
            DataType element = stepLabels ? ((ArrayType) labelType).elementType() : labelType;
            stringLabels = element.equals(DataTypes.StringType);
            if (!stringLabels && !(element instanceof NumericType)) {
                throw new InvalidDataException(source, "label column " + labelName + " has type "
                        + labelType.simpleString() + "; allowed: " + ALLOWED_LABELS);
            }
            label = stringLabels ? quoted(labelName) : quoted(labelName).cast(stepLabels
                    ? DataTypes.createArrayType(DataTypes.DoubleType) : DataTypes.DoubleType);
        }

        if (wanted.contains(",") || wanted.contains("*")) {
            return fromColumns(schema, wanted, labelName, keys, source, label, stringLabels, stepLabels);
        }
        StructField field = field(schema, wanted, keys.features(), source);
        DataType type = field.dataType();
        if (type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
                && TableRows.elementCode(inner.elementType()) != 0) {
            return new TableColumns(quoted(wanted), wanted, List.of(wanted), new TableRows.Layout(true,
                    TableRows.elementCode(inner.elementType())), label, labelName, stringLabels, stepLabels, null, "");
        }
        if (type instanceof ArrayType flat && TableRows.elementCode(flat.elementType()) != 0) {
            return new TableColumns(quoted(wanted), wanted, List.of(wanted), new TableRows.Layout(false,
                    TableRows.elementCode(flat.elementType())), label, labelName, stringLabels, stepLabels, null, "");
        }
        if ("vector".equals(type.typeName())) {
            return new TableColumns(org.apache.spark.ml.functions.vector_to_array(quoted(wanted), "float32"), wanted,
                    List.of(wanted),
                    new TableRows.Layout(false, TableRows.elementCode(DataTypes.FloatType)), label, labelName,
                    stringLabels, stepLabels, null, "");
        }
        if (type instanceof NumericType) {
            return fromColumns(schema, wanted, labelName, keys, source, label, stringLabels, stepLabels);
        }
        throw new InvalidDataException(source, "features column " + wanted + " has type " + type.simpleString()
                + "; allowed: " + ALLOWED_FEATURES);
    }

    /* Numeric columns named in a list or matched by a pattern, in the list's or the schema's order. */
    private static TableColumns fromColumns(StructType schema, String wanted, String labelName, Keys keys,
                                            String source, Column label, boolean stringLabels, boolean stepLabels)
            throws InvalidDataException {
        List<String> names = new ArrayList<>();
        for (String part : wanted.split(",")) {
            String name = part.strip();
            if (name.contains("*")) {
                Pattern glob = Pattern.compile(("\\Q" + name + "\\E").replace("*", "\\E.*\\Q"));
                int before = names.size();
                for (StructField f : schema.fields()) {
                    if (glob.matcher(f.name()).matches() && !f.name().equals(labelName)) {
                        names.add(f.name());
                    }
                }
                if (names.size() == before) {
                    throw new InvalidDataException(source, "no column matches " + name + " (" + keys.features()
                            + "); columns: "
                            + String.join(", ", schema.fieldNames()));
                }
            } else {
                names.add(field(schema, name, keys.features(), source).name());
            }
        }
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            DataType type = schema.apply(name).dataType();
            if (!(type instanceof NumericType)) {
                throw new InvalidDataException(source, "features column " + name + " has type " + type.simpleString()
                        + "; gathered columns must be numeric");
            }
            columns.add(quoted(name).cast(DataTypes.DoubleType));
        }
        String described = names.size() == 1 ? names.get(0) : names.get(0) + ".." + names.get(names.size() - 1);
        return new TableColumns(functions.array(columns.toArray(Column[]::new)), described, List.copyOf(names),
                new TableRows.Layout(false, TableRows.elementCode(DataTypes.DoubleType)), label, labelName,
                stringLabels, stepLabels, null, "");
    }

    private static StructField field(StructType schema, String name, String key, String source)
            throws InvalidDataException {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new InvalidDataException(source, "no column " + name + " (" + key + ")" + nearest(schema, name)
                + "; columns: " + String.join(", ", schema.fieldNames()));
    }

    private static String nearest(StructType schema, String name) {
        var distance = org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : schema.fieldNames()) {
            int d = distance.apply(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    /** The distinct string labels of {@code table}, sorted; fails past {@code max}. */
    List<String> distinctLabels(Dataset<Row> table, int max, String source) throws InvalidDataException {
        Column each = stepLabels ? functions.explode(label) : label;
        Dataset<Row> values = table.select(each.as("label"));
        List<Row> rows = values.where(functions.col("label").isNotNull()).distinct().limit(max + 1).collectAsList();
        if (rows.size() > max) {
            throw new InvalidDataException(source, "has more than " + max + " distinct labels in " + labelName);
        }
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.getString(0)));
        names.sort(String::compareTo);
        return names;
    }

    /* A column by its exact name, even one with dots or spaces. */
    private static Column quoted(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
