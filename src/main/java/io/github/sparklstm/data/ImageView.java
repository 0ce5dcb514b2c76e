package io.github.sparklstm.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an image becomes a sequence: {@code rows} (height steps x width features, the default), {@code rows-trimmed}
 * (the rows from the first to the last that holds a non-zero pixel: a sequence of 1..height steps), {@code pixels}
 * (h*w steps x 1), {@code permuted-pixels} (h*w steps x 1 in a fixed permutation drawn from a seed). A pixel's raw
 * value is pixel/255; scaling beyond that is {@link InputScaling}'s.
 *
 * <p>The seed only matters for {@code permuted-pixels}; the other views store 0 so that views which read the
 * same pixels are equal.
 */
public record ImageView(String name, int height, int width, int steps, int features, long permutationSeed)
        implements java.io.Serializable {
    public static final String ROWS = "rows";
    public static final String ROWS_TRIMMED = "rows-trimmed";
    public static final String PIXELS = "pixels";
    public static final String PERMUTED_PIXELS = "permuted-pixels";
    public static final List<String> NAMES = List.of(ROWS, ROWS_TRIMMED, PIXELS, PERMUTED_PIXELS);

    /**
     * Permutations drawn so far, so pixelIndex stays cheap. A record has no room for a cached field; one entry
     * per distinct permuted view, and a job uses one.
     */
    private static final Map<ImageView, int[]> PERMUTATIONS = new ConcurrentHashMap<>();

    public ImageView {
        Objects.requireNonNull(name, "name");
        checkName(name);
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        int expectedSteps = stepsOf(name, height, width);
        int expectedFeatures = featuresOf(name, width);
        if (steps != expectedSteps || features != expectedFeatures) {
            throw new IllegalArgumentException("view \"" + name + "\" of " + height + "x" + width + " images has "
                    + expectedSteps + " steps x " + expectedFeatures + " features, not " + steps + " x " + features);
        }
        if (!name.equals(PERMUTED_PIXELS)) {
            permutationSeed = 0;
        }
    }

    /** The view called {@code name} for images of {@code height x width}; an unknown name is rejected. */
    public static ImageView of(String name, int height, int width, long permutationSeed) {
        checkName(name);
        return new ImageView(name, height, width, stepsOf(name, height, width), featuresOf(name, width),
                permutationSeed);
    }

    /** The raw value of a pixel 0..255, before {@link InputScaling}. */
    public static float raw(int pixel) {
        return pixel / 255f;
    }

    /** Which pixel of the image (row-major index) feeds input {@code feature} at time {@code step}. */
    public int pixelIndex(int step, int feature) {
        Objects.checkIndex(step, steps);
        Objects.checkIndex(feature, features);
        return name.equals(PERMUTED_PIXELS) ? permutation()[step] : step * features + feature;
    }

    /**
     * pixelIndex for every input, at {@code step * features + feature}. A fresh copy: the permutation behind it
     * is shared. For {@code rows} and {@code pixels} this is the identity; they differ only in how the network
     * splits it into steps.
     */
    public int[] pixelOrder() {
        if (name.equals(PERMUTED_PIXELS)) {
            return permutation().clone();
        }
        int[] order = new int[steps * features];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Checks images of {@code height x width} fit this view. */
    public void checkFits(int imageHeight, int imageWidth, String source) throws InvalidDataException {
        String problem = misfit(imageHeight, imageWidth);
        if (problem != null) {
            throw new InvalidDataException(source, problem);
        }
    }

    /** Why images of {@code height x width} do not fit this view, or null if they do. */
    String misfit(int imageHeight, int imageWidth) {
        if (imageHeight == height && imageWidth == width) {
            return null;
        }
        return "images are " + imageHeight + "x" + imageWidth + " but the view \"" + name + "\" expects "
                + height + "x" + width;
    }

    private int[] permutation() {
        return PERMUTATIONS.computeIfAbsent(this,
                v -> EpochOrder.fisherYates(v.steps, new SplittableRandom(v.permutationSeed)));
    }

    /** Whether each image's sequence drops its blank leading and trailing rows. */
    public boolean trimmed() {
        return name.equals(ROWS_TRIMMED);
    }

    /**
     * The steps of the image at {@code pixels[offset ..]}, as {first step, count}: all of them, or for
     * {@code rows-trimmed} its rows from the first to the last with a non-zero pixel (row 0 alone if it is blank).
     */
    public int[] stepsOf(byte[] pixels, int offset) {
        if (!trimmed()) {
            return new int[] {0, steps};
        }
        int first = 0;
        while (first < height && blankRow(pixels, offset + first * width)) {
            first++;
        }
        if (first == height) {
            return new int[] {0, 1};
        }
        int last = height - 1;
        while (blankRow(pixels, offset + last * width)) {
            last--;
        }
        return new int[] {first, last - first + 1};
    }

    private boolean blankRow(byte[] pixels, int start) {
        for (int k = 0; k < width; k++) {
            if (pixels[start + k] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean byRows(String name) {
        return name.equals(ROWS) || name.equals(ROWS_TRIMMED);
    }

    private static int stepsOf(String name, int height, int width) {
        return byRows(name) ? height : Math.multiplyExact(height, width);
    }

    private static int featuresOf(String name, int width) {
        return byRows(name) ? width : 1;
    }

    private static void checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown sequence view \"" + name + "\": expected one of "
                    + String.join(", ", NAMES));
        }
    }
}
