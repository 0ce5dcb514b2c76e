package io.github.sparklstm.data;

import java.util.Objects;

/**
 * What a model takes in: sequences of {@code steps x features} raw values, scaled by {@code scaling}; when the
 * data are IDX images, the {@code image} view that turns each image into such a sequence (null for tables, whose
 * rows are sequences already). With {@code variableLength}, sequences have 1 to any number of steps and
 * {@code steps} is the longest the model met in training. A model of text ({@code text} non-null) takes a symbol
 * number per step, the text cut into symbols by that unit and numbered by the model's labels, which are its
 * vocabulary.
 */
public record SequenceFormat(int steps, int features, ImageView image, InputScaling scaling,
                             boolean variableLength, TextSymbols.Unit text) implements java.io.Serializable {

    public SequenceFormat {
        Objects.requireNonNull(scaling, "scaling");
        if (steps < 1 || features < 1) {
            throw new IllegalArgumentException("steps and features must be positive, got " + steps + ", "
                    + features);
        }
        if (image != null && (image.steps() != steps || image.features() != features)) {
            throw new IllegalArgumentException("view " + image.name() + " gives " + image.steps() + " x "
                    + image.features() + ", not " + steps + " x " + features);
        }
        if (scaling.features() != features) {
            throw new IllegalArgumentException("scaling for " + scaling.features() + " features, sequences have "
                    + features);
        }
        if (text != null && (image != null || features != 1)) {
            throw new IllegalArgumentException("text takes one symbol per step, not " + features + " features");
        }
        if (image != null && variableLength != image.trimmed()) {
            throw new IllegalArgumentException("view " + image.name() + (image.trimmed() ? " has" : " has no")
                    + " sequences of varying length");
        }
    }

    /** The format of images through {@code image}, or of fixed-length table rows when it is null. */
    public SequenceFormat(int steps, int features, ImageView image, InputScaling scaling) {
        this(steps, features, image, scaling, image != null && image.trimmed(), null);
    }

    public static SequenceFormat ofImages(ImageView view, InputScaling scaling) {
        return new SequenceFormat(view.steps(), view.features(), view, scaling);
    }

    public static SequenceFormat ofTables(int steps, int features, InputScaling scaling) {
        return new SequenceFormat(steps, features, null, scaling, false, null);
    }

    /** Table rows of up to {@code steps} steps, all of that length unless {@code variableLength}. */
    public static SequenceFormat ofTables(int steps, int features, InputScaling scaling, boolean variableLength) {
        return new SequenceFormat(steps, features, null, scaling, variableLength, null);
    }

    /** Windows of up to {@code steps} symbols of text cut by {@code unit}. */
    public static SequenceFormat ofText(int steps, TextSymbols.Unit unit) {
        return new SequenceFormat(steps, 1, null, InputScaling.identity(1), true, unit);
    }

    public boolean isText() {
        return text != null;
    }

    public boolean isImage() {
        return image != null;
    }

}
