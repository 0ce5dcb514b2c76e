package io.github.sparklstm.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** The standard MNIST file names (Fashion-MNIST and KMNIST use them too) and a loader for a local directory. */
public final class MnistFiles {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private MnistFiles() {
    }

    /** The 60000 training examples from {@code dir}; a missing file is an InvalidDataException naming it. */
    public static LabeledImages readTrain(Path dir) throws IOException {
        return read(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS));
    }

    /** The 10000 test examples from {@code dir}. */
    public static LabeledImages readTest(Path dir) throws IOException {
        return read(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS));
    }

    /**
     * Reads from streams, e.g. opened on HDFS; the names appear in error messages and a ".gz" name must be gzip.
     * The streams are not closed.
     */
    public static LabeledImages read(InputStream images, String imagesName, InputStream labels, String labelsName)
            throws IOException {
        return LabeledImages.of(IdxReader.read(images, imagesName), imagesName,
                IdxReader.read(labels, labelsName), labelsName);
    }

    private static LabeledImages read(Path images, Path labels) throws IOException {
        return LabeledImages.of(IdxReader.read(images), images.toString(),
                IdxReader.read(labels), labels.toString());
    }
}
