package io.github.sparklstm.data;

import java.util.Objects;

/**
 * Images kept as bytes (4x less memory than floats), read as sequences through an {@link ImageView}. With
 * {@code rows-trimmed} each image's sequence is found from its pixels when asked for (a scan of at most one
 * image), so nothing beyond the bytes is stored.
 */
public record ImageSequences(LabeledImages images, ImageView view) implements SequenceSet {

    public ImageSequences {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(view, "view");
        String misfit = view.misfit(images.height(), images.width());
        if (misfit != null) {
            // Readers check files with ImageView.checkFits, which names the source; here it is a bug.
            throw new IllegalArgumentException(misfit);
        }
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int steps() {
        return view.steps();
    }

    @Override
    public int features() {
        return view.features();
    }

    @Override
    public int label(int example) {
        return images.label(example);
    }

    @Override
    public boolean ragged() {
        return view.trimmed();
    }

    @Override
    public int length(int example) {
        return view.trimmed() ? view.stepsOf(images.pixels(), example * images.pixelsPerImage())[1] : view.steps();
    }

    @Override
    public BatchWriter writer(InputScaling scaling) {
        if (scaling.features() != view.features()) {
            throw new IllegalArgumentException("scaling for " + scaling.features() + " features, view has "
                    + view.features());
        }
        // The input for every (feature, byte value): one table load instead of arithmetic per input.
        int features = view.features();
        float[] table = new float[features * 256];
        for (int f = 0; f < features; f++) {
            for (int b = 0; b < 256; b++) {
                table[f * 256 + b] = scaling.apply(f, ImageView.raw(b));
            }
        }
        return new Writer(this, view.pixelOrder(), features, table);
    }

    @Override
    public void addTo(FeatureStatistics statistics) {
        int features = view.features();
        int[] pixelOf = view.pixelOrder();
        byte[] pixels = images.pixels();
        int perImage = images.pixelsPerImage();
        float[] step = new float[features];
        for (int e = 0; e < images.size(); e++) {
            // Trimmed: only the steps the network sees.
            int[] kept = view.stepsOf(pixels, e * perImage);
            int base = e * perImage + kept[0] * images.width();
            for (int s = 0; s < kept[1]; s++) {
                for (int f = 0; f < features; f++) {
                    step[f] = ImageView.raw(pixels[base + pixelOf[s * features + f]] & 0xFF);
                }
                statistics.addStep(step, 0);
            }
        }
    }

    private static final class Writer implements BatchWriter {
        private final ImageSequences set;
        private final int[] pixelOf;
        private final int features;
        private final float[] table;
        private int[] offsets = new int[0];
        private int[] lengths = new int[0];

        Writer(ImageSequences set, int[] pixelOf, int features, float[] table) {
            this.set = set;
            this.pixelOf = pixelOf;
            this.features = features;
            this.table = table;
        }

        @Override
        public void write(int[] order, int from, int count, int steps, float[] inputs) {
            if (offsets.length < count) {
                offsets = new int[count];
                lengths = new int[count];
            }
            LabeledImages images = set.images();
            int perImage = images.pixelsPerImage();
            int n = images.size();
            ImageView view = set.view();
            for (int e = 0; e < count; e++) {
                int start = Objects.checkIndex(order[from + e], n) * perImage;
                // A trimmed sequence starts at its first row with ink; the pixel order then reads on from there.
                int[] kept = view.stepsOf(images.pixels(), start);
                offsets[e] = start + kept[0] * images.width();
                lengths[e] = Math.min(steps, kept[1]);
            }
            // Step-major, then example, then feature: the output is written strictly in sequence, and one step of
            // a batch touches at most a batch of images, which stays in cache.
            byte[] pixels = images.pixels();
            int at = 0;
            for (int s = 0; s < steps; s++) {
                int stepStart = s * features;
                for (int e = 0; e < count; e++) {
                    if (s >= lengths[e]) {
                        java.util.Arrays.fill(inputs, at, at + features, 0f);
                        at += features;
                        continue;
                    }
                    int base = offsets[e];
                    for (int f = 0; f < features; f++) {
                        inputs[at++] = table[(f << 8) | (pixels[base + pixelOf[stepStart + f]] & 0xFF)];
                    }
                }
            }
        }
    }
}
