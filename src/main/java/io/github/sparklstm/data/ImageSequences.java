package io.github.sparklstm.data;

import java.util.Objects;

/** Images kept as bytes (4x less memory than floats), read as sequences through an {@link ImageView}. */
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
        return new Writer(images, view.pixelOrder(), view.steps(), features, table);
    }

    @Override
    public void addTo(FeatureStatistics statistics) {
        int features = view.features();
        int steps = view.steps();
        int[] pixelOf = view.pixelOrder();
        byte[] pixels = images.pixels();
        int perImage = images.pixelsPerImage();
        float[] step = new float[features];
        for (int e = 0; e < images.size(); e++) {
            int base = e * perImage;
            for (int s = 0; s < steps; s++) {
                for (int f = 0; f < features; f++) {
                    step[f] = ImageView.raw(pixels[base + pixelOf[s * features + f]] & 0xFF);
                }
                statistics.addStep(step, 0);
            }
        }
    }

    private static final class Writer implements BatchWriter {
        private final LabeledImages images;
        private final int[] pixelOf;
        private final int steps;
        private final int features;
        private final float[] table;
        private int[] offsets = new int[0];

        Writer(LabeledImages images, int[] pixelOf, int steps, int features, float[] table) {
            this.images = images;
            this.pixelOf = pixelOf;
            this.steps = steps;
            this.features = features;
            this.table = table;
        }

        @Override
        public void write(int[] order, int from, int count, float[] inputs) {
            if (offsets.length < count) {
                offsets = new int[count];
            }
            int perImage = images.pixelsPerImage();
            int n = images.size();
            for (int e = 0; e < count; e++) {
                offsets[e] = Objects.checkIndex(order[from + e], n) * perImage;
            }
            // Step-major, then example, then feature: the output is written strictly in sequence, and one step of
            // a batch touches at most a batch of images, which stays in cache.
            byte[] pixels = images.pixels();
            int at = 0;
            for (int s = 0; s < steps; s++) {
                int stepStart = s * features;
                for (int e = 0; e < count; e++) {
                    int base = offsets[e];
                    for (int f = 0; f < features; f++) {
                        inputs[at++] = table[(f << 8) | (pixels[base + pixelOf[stepStart + f]] & 0xFF)];
                    }
                }
            }
        }
    }
}
