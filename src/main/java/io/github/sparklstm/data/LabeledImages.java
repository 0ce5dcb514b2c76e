package io.github.sparklstm.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Images as bytes (4x less memory than floats) with their labels, row-major, one image after another.
 * The arrays are shared, not copied, and must not be modified: Spark broadcasts and caches this object.
 */
public record LabeledImages(byte[] pixels, byte[] labels, int height, int width) implements java.io.Serializable {

    public LabeledImages {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != (long) labels.length * height * width) {
            throw new IllegalArgumentException(pixels.length + " pixels do not make " + labels.length + " images of "
                    + height + "x" + width);
        }
    }

    /**
     * Pairs an image IDX array with a label IDX array; checks: images are 3-D (count x height x width), labels
     * 1-D, counts equal. Labels are class indices 0..255; how many classes there are is the data set's to say.
     */
    public static LabeledImages of(IdxArray images, String imagesName, IdxArray labels, String labelsName)
            throws InvalidDataException {
        if (images.dims().length != 3) {
            throw new InvalidDataException(imagesName, "images must have 3 dimensions (count x height x width),"
                    + " found " + images.dims().length + ": " + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new InvalidDataException(labelsName, "labels must have 1 dimension, found "
                    + labels.dims().length + ": " + Arrays.toString(labels.dims()));
        }
        if (images.count() != labels.count()) {
            throw new InvalidDataException(labelsName, "has " + labels.count() + " labels but " + imagesName
                    + " has " + images.count() + " images");
        }
        return new LabeledImages(images.data(), labels.data(), images.dims()[1], images.dims()[2]);
    }

    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return height * width;
    }

    /** The label of example {@code i}, 0..255. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Pixel {@code index} (row-major) of image {@code image}, 0..255. */
    public int pixel(int image, int index) {
        Objects.checkIndex(image, size());
        Objects.checkIndex(index, pixelsPerImage());
        return pixels[image * pixelsPerImage() + index] & 0xFF;
    }

    /** A copy of examples {@code from} (inclusive) to {@code to} (exclusive). */
    public LabeledImages subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int n = pixelsPerImage();
        return new LabeledImages(Arrays.copyOfRange(pixels, from * n, to * n),
                Arrays.copyOfRange(labels, from, to), height, width);
    }

    /** A copy of the given examples in the given order (repeats allowed). */
    public LabeledImages select(int[] indices) {
        int n = pixelsPerImage();
        byte[] newPixels = new byte[Math.multiplyExact(indices.length, n)];
        byte[] newLabels = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int example = Objects.checkIndex(indices[i], size());
            System.arraycopy(pixels, example * n, newPixels, i * n, n);
            newLabels[i] = labels[example];
        }
        return new LabeledImages(newPixels, newLabels, height, width);
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " images of " + height + "x" + width + "]";
    }
}
