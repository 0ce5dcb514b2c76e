package io.github.sparklstm.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1 (jobs/local-cluster.sh), and submissions to it through
 * jobs/submit.sh, i.e. through Spark's own SparkSubmit, exactly as a user would.
 */
final class LocalCluster implements AutoCloseable {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private final Path dir;
    private final int port;
    private final String workerMemory;

    private LocalCluster(Path dir, int port, String workerMemory) {
        this.dir = dir;
        this.port = port;
        this.workerMemory = workerMemory;
    }

    static LocalCluster start(Path dir) throws Exception {
        return start(dir, "2g");
    }

    /** Two workers of one core and {@code workerMemory} each. */
    static LocalCluster start(Path dir, String workerMemory) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LocalCluster cluster = new LocalCluster(dir, port, workerMemory);
        Process p = cluster.script("start").inheritIO().start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            cluster.close();
            throw new IllegalStateException("jobs/local-cluster.sh start failed; logs in " + dir.resolve("logs"));
        }
        return cluster;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    private ProcessBuilder script(String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve("jobs/local-cluster.sh").toString(),
                command).directory(PROJECT.toFile());
        builder.environment().put("SPARK_LSTM_CLUSTER_DIR", dir.toString());
        builder.environment().put("SPARK_LSTM_MASTER_PORT", Integer.toString(port));
        builder.environment().put("SPARK_LSTM_WORKER_MEMORY", workerMemory);
        return builder;
    }

    /** Starts jobs/submit.sh against this cluster: 2 executors of 1 core, Kryo on; output to {@code log}. */
    Process submit(Path log, List<String> jobArgs) throws IOException {
        return submit(log, List.of(), jobArgs);
    }

    /** As {@link #submit(Path, List)} with more spark-submit options. */
    Process submit(Path log, List<String> sparkArgs, List<String> jobArgs) throws IOException {
        return submit(log, sparkArgs, jobArgs, java.util.Map.of());
    }

    /** As {@link #submit(Path, List, List)} with environment variables for jobs/submit.sh (driver JVM options). */
    Process submit(Path log, List<String> sparkArgs, List<String> jobArgs, java.util.Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("jobs/submit.sh").toString(),
                "--master", masterUrl(), "--total-executor-cores", "2", "--executor-cores", "1",
                "--executor-memory", "1500m", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.serializer=" + JobHarness.KRYO));
        command.addAll(sparkArgs);
        command.add("--");
        command.addAll(jobArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The executor JVMs the workers have launched (CoarseGrainedExecutorBackend children of the workers). */
    List<ProcessHandle> executors() throws IOException {
        List<ProcessHandle> executors = new ArrayList<>();
        for (File pidFile : dir.toFile().listFiles((d, name) -> name.startsWith("worker-") && name.endsWith(".pid"))) {
            long pid = Long.parseLong(Files.readString(pidFile.toPath()).trim());
            ProcessHandle.of(pid).ifPresent(worker -> worker.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(executors::add));
        }
        return executors;
    }

    @Override
    public void close() throws Exception {
        script("stop").inheritIO().start().waitFor(2, TimeUnit.MINUTES);
    }
}
