package io.github.sparklstm.data;

import java.util.Objects;

/**
 * What a model takes in: sequences of {@code steps x features} raw values, scaled by {@code scaling}; when the
 * data are IDX images, the {@code image} view that turns each image into such a sequence (null for tables, whose
 * rows are sequences already).
 */
public record SequenceFormat(int steps, int features, ImageView image, InputScaling scaling)
        implements java.io.Serializable {

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
    }

    public static SequenceFormat ofImages(ImageView view, InputScaling scaling) {
        return new SequenceFormat(view.steps(), view.features(), view, scaling);
    }

    public static SequenceFormat ofTables(int steps, int features, InputScaling scaling) {
        return new SequenceFormat(steps, features, null, scaling);
    }

    public boolean isImage() {
        return image != null;
    }
}
