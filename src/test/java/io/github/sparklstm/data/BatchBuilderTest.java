package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchBuilderTest {
    private static final LabeledImages IMAGES = TestData.images(7, 3, 4, 5);
    private static final int[] ORDER = {6, 2, 0, 5, 1, 3, 4};

    @ParameterizedTest
    @ValueSource(strings = {"rows", "pixels", "permuted-pixels"})
    void timeMajorLayoutMatchesDirectComputation(String name) {
        ImageView view = ImageView.of(name, 3, 4, 11);
        InputScaling identity = InputScaling.identity(view.features());
        BatchBuilder builder = new BatchBuilder(new ImageSequences(IMAGES, view), identity, 3);
        assertBatch(view, builder.build(ORDER, 0, 3), 0, 3);
        assertBatch(view, builder.build(ORDER, 3, 3), 3, 3);
        // The last batch of the epoch is partial: its arrays are exactly as long as it needs.
        SequenceBatch last = builder.build(ORDER, 6, 1);
        assertBatch(view, last, 6, 1);
        assertEquals(view.steps() * view.features(), last.inputs().length);
    }

    @Test
    void scalesEveryByteValueIntoZeroOne() {
        byte[] pixels = new byte[256];
        for (int i = 0; i < 256; i++) {
            pixels[i] = (byte) i;
        }
        LabeledImages all = new LabeledImages(pixels, new byte[1], 16, 16);
        SequenceBatch batch = new BatchBuilder(new ImageSequences(all, ImageView.of("pixels", 16, 16, 0)),
                InputScaling.identity(1), 1).build(new int[1], 0, 1);
        for (int i = 0; i < 256; i++) {
            float x = batch.inputs()[i];
            assertEquals(i / 255f, x);
            assertTrue(x >= 0f && x <= 1f);
        }
        assertEquals(0f, batch.inputs()[0]);
        assertEquals(1f, batch.inputs()[255]);
    }

    @Test
    void scalingIsPerFeature() {
        ImageView view = ImageView.of("rows", 3, 4, 0);
        InputScaling scaling = new InputScaling(new float[] {0f, 0.5f, -1f, 2f}, new float[] {1f, 0.25f, 3f, 0.5f});
        SequenceBatch batch = new BatchBuilder(new ImageSequences(IMAGES, view), scaling, 2).build(ORDER, 0, 2);
        for (int e = 0; e < 2; e++) {
            for (int s = 0; s < 3; s++) {
                for (int f = 0; f < 4; f++) {
                    float raw = IMAGES.pixel(ORDER[e], view.pixelIndex(s, f)) / 255f;
                    assertEquals(scaling.apply(f, raw), batch.input(s, e, f));
                }
            }
        }
    }

    /** The same values stored as bytes and as floats give the same inputs, bit for bit, under any scaling. */
    @Test
    void bytesAndFloatsOfTheSameValuesGiveIdenticalBatches() {
        ImageView view = ImageView.of("rows", 3, 4, 0);
        float[] values = new float[IMAGES.size() * 12];
        int[] labels = new int[IMAGES.size()];
        for (int e = 0; e < IMAGES.size(); e++) {
            labels[e] = IMAGES.label(e);
            for (int p = 0; p < 12; p++) {
                values[e * 12 + p] = ImageView.raw(IMAGES.pixel(e, p));
            }
        }
        FloatSequences floats = new FloatSequences(values, labels, 3, 4);
        ImageSequences bytes = new ImageSequences(IMAGES, view);
        FeatureStatistics fromBytes = new FeatureStatistics(4);
        FeatureStatistics fromFloats = new FeatureStatistics(4);
        bytes.addTo(fromBytes);
        floats.addTo(fromFloats);
        assertEquals(fromBytes.pooled(), fromFloats.pooled());
        assertEquals(fromBytes.perFeature(), fromFloats.perFeature());
        for (InputScaling scaling : new InputScaling[] {fromBytes.pooled(), fromBytes.perFeature()}) {
            SequenceBatch a = new BatchBuilder(bytes, scaling, 4).build(ORDER, 1, 4);
            float[] aInputs = a.inputs().clone();
            SequenceBatch b = new BatchBuilder(floats, scaling, 4).build(ORDER, 1, 4);
            assertArrayEquals(aInputs, b.inputs());
            assertArrayEquals(a.labels(), b.labels());
        }
    }

    @Test
    void reusesArraysOfTheSameSize() {
        BatchBuilder builder = new BatchBuilder(new ImageSequences(IMAGES, ImageView.of("rows", 3, 4, 0)),
                InputScaling.identity(4), 2);
        SequenceBatch first = builder.build(ORDER, 0, 2);
        float[] inputs = first.inputs();
        SequenceBatch partial = builder.build(ORDER, 6, 1);
        assertNotSame(inputs, partial.inputs());
        SequenceBatch second = builder.build(ORDER, 2, 2);
        assertNotSame(first, second);
        assertSame(inputs, second.inputs());
        assertEquals(IMAGES.label(ORDER[2]), second.labels()[0]);
    }

    @Test
    void rejectsBadArguments() {
        ImageView view = ImageView.of("rows", 3, 4, 0);
        ImageSequences set = new ImageSequences(IMAGES, view);
        BatchBuilder builder = new BatchBuilder(set, InputScaling.identity(4), 2);
        assertThrows(IllegalArgumentException.class, () -> builder.build(ORDER, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> builder.build(ORDER, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> builder.build(ORDER, 6, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> builder.build(new int[] {7}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageSequences(IMAGES, ImageView.of("rows", 4, 3, 0)));
        assertThrows(IllegalArgumentException.class, () -> new BatchBuilder(set, InputScaling.identity(3), 2));
        assertThrows(IllegalArgumentException.class, () -> new BatchBuilder(set, InputScaling.identity(4), 0));
    }

    private static void assertBatch(ImageView view, SequenceBatch batch, int from, int size) {
        assertEquals(size, batch.size());
        assertEquals(view.steps(), batch.steps());
        assertEquals(view.features(), batch.features());
        assertEquals(size * view.steps() * view.features(), batch.inputs().length);
        int[] labels = new int[size];
        for (int e = 0; e < size; e++) {
            labels[e] = IMAGES.label(ORDER[from + e]);
            for (int s = 0; s < view.steps(); s++) {
                for (int f = 0; f < view.features(); f++) {
                    float expected = IMAGES.pixel(ORDER[from + e], view.pixelIndex(s, f)) / 255f;
                    assertEquals(expected, batch.inputs()[(s * size + e) * view.features() + f],
                            "step " + s + " example " + e + " feature " + f);
                    assertEquals(expected, batch.input(s, e, f));
                }
            }
        }
        assertArrayEquals(labels, batch.labels());
    }
}
