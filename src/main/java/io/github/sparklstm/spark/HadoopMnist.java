package io.github.sparklstm.spark;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.MnistFiles;
import java.io.IOException;
import java.io.InputStream;

/** Reads the MNIST pair of IDX files of a set from a directory on any Hadoop file system. */
public final class HadoopMnist {

    private HadoopMnist() {
    }

    public static LabeledImages readTrain(HadoopStore dir) throws IOException {
        return read(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS);
    }

    public static LabeledImages readTest(HadoopStore dir) throws IOException {
        return read(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS);
    }

    private static LabeledImages read(HadoopStore dir, String images, String labels) throws IOException {
        if (!dir.isDirectory()) {
            throw new InvalidDataException(dir.location(), dir.exists() ? "not a directory" : "no such directory");
        }
        String imagesName = present(dir, images);
        String labelsName = present(dir, labels);
        try (InputStream imageStream = dir.open(imagesName); InputStream labelStream = dir.open(labelsName)) {
            return MnistFiles.read(imageStream, dir.location(imagesName), labelStream, dir.location(labelsName));
        }
    }

    /* The standard .gz name, or the same file uncompressed. */
    private static String present(HadoopStore dir, String gzName) throws IOException {
        if (dir.exists(gzName)) {
            return gzName;
        }
        String raw = gzName.substring(0, gzName.length() - ".gz".length());
        if (dir.exists(raw)) {
            return raw;
        }
        throw new InvalidDataException(dir.location(gzName), "file not found (nor " + raw + ")");
    }
}
