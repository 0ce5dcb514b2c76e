package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the job needs of a cluster's memory, measured on a standalone cluster of two executor JVMs: the default
 * MNIST run and a model of 2 x 512 units with executors of spark.executor.memory=1g, whose whole process must stay
 * within what YARN and Kubernetes grant with Spark's default memory overhead (384 MB at this size); and a model of
 * 2 x 1024 units, whose replicas return 150 MB each, with larger executors. Prints OUTCOME lines with the peaks.
 */
class MemoryIT {

    /* A container of spark.executor.memory=1g gets max(384 MB, 10%) more for everything outside the heap. */
    private static final long CONTAINER_MB = 1024 + 384;

    @TempDir
    static Path dir;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"), "3g");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ProcessMemory.Peaks run(String name, String executorMemory, String driverHeap,
                                           String... settings) throws Exception {
        Path log = dir.resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of(settings));
        args.addAll(List.of("log.progress=epoch", "output=" + dir.resolve(name)));
        Process submission = cluster.submit(log, List.of("--executor-memory", executorMemory), args,
                Map.of("SPARK_LSTM_DRIVER_JAVA_OPTS", "-Xmx" + driverHeap));
        ProcessMemory.Peaks peaks = ProcessMemory.watch(submission, cluster, 15);
        String text = Files.readString(log);
        assertEquals(0, peaks.exitCode(), text);
        assertFalse(text.contains("OutOfMemoryError"), text);
        JsonNode summary = new ObjectMapper().readTree(dir.resolve(name).resolve("summary.json").toFile());
        System.out.printf("OUTCOME memory, %s: executors of %s, driver -Xmx%s: exit 0 in %.0f s, test accuracy "
                        + "%.2f%%; driver peak RSS %d MB (heap used %d MB, sampled), executors peak RSS %s MB%n",
                name, executorMemory, driverHeap, peaks.seconds(), 100 * summary.path("test_accuracy").asDouble(),
                peaks.driverResident(), peaks.driverHeap(), peaks.executors().values());
        return peaks;
    }

    @Test
    void theDefaultRunFitsExecutorsOf1gWithTheDefaultOverhead() throws Exception {
        ProcessMemory.Peaks peaks = run("default-mnist", "1g", "1g", "train.epochs=1");
        assertTrue(peaks.executorMax() > 0 && peaks.executorMax() < CONTAINER_MB, peaks.toString());
    }

    @Test
    void aModelOf2x512FitsExecutorsOf1gWithTheDefaultOverhead() throws Exception {
        ProcessMemory.Peaks peaks = run("2x512", "1g", "1g", "model.hidden=512", "model.layers=2",
                "data.trainLimit=2000", "data.testLimit=500", "train.batchSize=64", "train.epochs=1");
        assertTrue(peaks.executorMax() > 0 && peaks.executorMax() < CONTAINER_MB, peaks.toString());
    }

    @Test
    void aModelOf2x1024TrainsWithLargerExecutors() throws Exception {
        // 12.7 M parameters with Adam: a 152 MB broadcast and 305 MB of double sums back from each partition.
        run("2x1024", "2500m", "2g", "model.hidden=1024", "model.layers=2", "data.trainLimit=256",
                "data.testLimit=64", "train.batchSize=32", "train.epochs=1");
    }
}
