package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.run.Failures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the data come from: several IDX files named by a glob and split into tasks on record boundaries give the
 * examples of one file; paths without a scheme live on the default file system; a resumed run refuses data that
 * changed since its checkpoint.
 */
class DataPathTest {

    private static final String[] SETUP = {"train.workers=3"};
    @TempDir
    static Path dir;
    private static String reference;

    @BeforeAll
    static void referenceRun() throws Exception {
        Path run = dir.resolve("reference");
        JobHarness.Outcome outcome = JobHarness.run(JobHarness.small(run, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        reference = JobHarness.modelDigest(run);
    }

    /** Raw (uncompressed) IDX files of examples [from, to) of the shipped training set. */
    private static void writeRaw(Path images, LabeledImages all, int from, int to) throws Exception {
        LabeledImages part = all.subset(from, to);
        ByteBuffer i = ByteBuffer.allocate(16 + part.pixels().length);
        i.putInt(0x803).putInt(part.size()).putInt(28).putInt(28).put(part.pixels());
        Files.write(images, i.array());
        ByteBuffer l = ByteBuffer.allocate(8 + part.size());
        l.putInt(0x801).putInt(part.size()).put(part.labels());
        Files.write(images.resolveSibling(images.getFileName().toString().replace("images", "labels")
                .replace("idx3", "idx1")), l.array());
    }

    @Test
    void severalRawIdxFilesSplitIntoTasksGiveTheExamplesOfOne() throws Exception {
        LabeledImages all = MnistFiles.readTrain(Path.of("data/mnist"));
        Path data = dir.resolve("split");
        Files.createDirectories(data);
        writeRaw(data.resolve("a-images-idx3-ubyte"), all, 0, 900);
        writeRaw(data.resolve("b-images-idx3-ubyte"), all, 900, 1700);
        Path run = dir.resolve("glob");
        // 100,000 bytes per task: 127 images, so both files are read in several ranges of whole records.
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.hadoop.sparklstm.idx.splitBytes", "100000"),
                JobHarness.small(run, "train.workers=3", "data.train=" + data.resolve("*-images-idx3-ubyte"),
                        "data.test=data/mnist/t10k-images-idx3-ubyte.gz"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(reference, JobHarness.modelDigest(run));

        // The directory itself names the same set: its labels files are found beside its images files.
        Path again = dir.resolve("directory");
        JobHarness.Outcome byDirectory = JobHarness.run(JobHarness.small(again, "train.workers=3",
                "data.train=" + data, "data.test=data/mnist/t10k-images-idx3-ubyte.gz"));
        assertEquals(0, byDirectory.exitCode(), byDirectory.err());
        assertEquals(reference, JobHarness.modelDigest(again));
    }

    @Test
    void pathsWithoutASchemeResolveAgainstTheDefaultFileSystem() throws Exception {
        Path run = dir.resolve("default-fs");
        JobHarness.Outcome outcome = JobHarness.run(Map.of("spark.hadoop.fs.defaultFS", "faulty:///",
                "spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName()), JobHarness.small(run, SETUP));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("-> faulty:" + run), outcome.out());
        assertTrue(outcome.out().contains("faulty:" + Path.of("data/mnist").toAbsolutePath()), outcome.out());
        assertEquals(reference, JobHarness.modelDigest(run));
    }

    @Test
    void resumingOnChangedDataIsRefusedUnlessAllowed() throws Exception {
        Path data = dir.resolve("mnist-copy");
        Files.createDirectories(data);
        for (String name : List.of(MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, MnistFiles.TEST_IMAGES,
                MnistFiles.TEST_LABELS)) {
            Files.copy(Path.of("data/mnist", name), data.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path run = dir.resolve("changed");
        assertEquals(1, JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "5"),
                JobHarness.small(run, "train.workers=3", "data.path=" + data)).exitCode());

        // The same files elsewhere (a moved data set) are the same data.
        JobHarness.Outcome moved = JobHarness.run(Map.of("spark.sparklstm.test.stopAfterRound", "6"),
                JobHarness.small(run, "train.workers=3", "--resume"));
        assertEquals(1, moved.exitCode(), moved.err());
        assertFalse(moved.out().contains("differ"), moved.out());

        Path labels = data.resolve(MnistFiles.TEST_LABELS);
        Files.setLastModifiedTime(labels, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        JobHarness.Outcome refused = JobHarness.run(JobHarness.small(run, "train.workers=3", "data.path=" + data,
                "--resume"));
        assertEquals(Failures.EXIT_DATA, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("test " + MnistFiles.TEST_LABELS + " was modified"), refused.err());
        assertTrue(refused.err().contains("resume.allowDataChange=true"), refused.err());

        JobHarness.Outcome allowed = JobHarness.run(JobHarness.small(run, "train.workers=3", "data.path=" + data,
                "--resume", "resume.allowDataChange=true"));
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(allowed.out().contains("warning: the data differ"), allowed.out());
        assertEquals(reference, JobHarness.modelDigest(run), "the content did not change, so neither does the model");
    }
}
