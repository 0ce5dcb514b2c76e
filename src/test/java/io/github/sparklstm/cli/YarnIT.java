package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.distributed.training.Checkpoints;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on YARN over HDFS, as most on-premises Spark runs: an in-process HDFS (MiniDFSCluster) and YARN
 * (MiniYARNCluster) on 127.0.0.1, MNIST on HDFS, the shaded jar submitted through jobs/submit.sh with
 * HADOOP_CONF_DIR, in cluster and client deploy mode. YARN's final status must be what the run did, the runs on
 * YARN must give local mode's model to the bit whatever mode they run in and whatever is killed. A driver killed
 * in the middle of a checkpoint write on HDFS leaves the previous checkpoint whole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnIT {

    private static final String[] SETUP = {"data.trainLimit=1500", "data.testLimit=300", "model.hidden=16",
        "train.batchSize=50", "train.epochs=2", "train.averagingFrequency=3", "eval.batchSize=100",
        "log.progress=epoch", "checkpoint.every=2", "train.workers=2"};

    @TempDir
    static Path dir;
    private static MiniDFSCluster dfs;
    private static MiniYARNCluster yarn;
    private static Path hadoopConf;
    private static FileSystem hdfs;
    private static Path localModel;
    /** The model of the clean cluster-mode run, which every other run on YARN must reproduce bit for bit. */
    private static String yarnDigest;

    @BeforeAll
    static void startHdfsAndYarn() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.hostname", "127.0.0.1");
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        hdfs = dfs.getFileSystem();

        YarnConfiguration y = new YarnConfiguration(dfs.getConfiguration(0));
        y.set("yarn.resourcemanager.hostname", "127.0.0.1");
        y.set("yarn.nodemanager.hostname", "127.0.0.1");
        // MiniYARNCluster gives its node managers this key's memory (4096 MB by default), not
        // yarn.nodemanager.resource.memory-mb's: a cluster-mode driver and two executors of 1 GB need 4224 MB.
        y.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 8192);
        y.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        y.setInt("yarn.scheduler.minimum-allocation-mb", 128);
        y.setInt("yarn.scheduler.maximum-allocation-mb", 8192);
        y.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        y.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        y.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.9");
        // One queue with everything, as Spark's own YARN tests configure the capacity scheduler.
        y.set("yarn.scheduler.capacity.root.queues", "default");
        y.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        y.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        y.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        y.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        y.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        y.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        y.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        yarn = new MiniYARNCluster("spark-lstm", 1, 1, 1);
        yarn.init(y);
        yarn.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (yarn.getConfig().get("yarn.resourcemanager.address", "").endsWith(":0")) {
            assertTrue(System.nanoTime() < deadline, "YARN's resource manager got no port");
            Thread.sleep(100);
        }
        hadoopConf = dir.resolve("hadoop-conf");
        Files.createDirectories(hadoopConf);
        // What a client of this cluster is told, as a cluster's HADOOP_CONF_DIR would: where HDFS and the
        // ResourceManager are. The mini clusters say "localhost", which a client may resolve to ::1 while they
        // listen on 127.0.0.1 only. (Their whole configuration would also name test-only classes.)
        Configuration client = new Configuration(false);
        for (String key : List.of("fs.defaultFS", "yarn.resourcemanager.address",
                "yarn.resourcemanager.scheduler.address", "yarn.resourcemanager.resource-tracker.address",
                "yarn.resourcemanager.webapp.address")) {
            client.set(key, yarn.getConfig().get(key).replace("localhost:", "127.0.0.1:"));
        }
        client.set("yarn.resourcemanager.hostname", "127.0.0.1");
        client.setInt("dfs.replication", 1); // one datanode
        java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
        client.writeXml(xml);
        for (String name : List.of("core-site.xml", "yarn-site.xml")) {
            Files.write(hadoopConf.resolve(name), xml.toByteArray());
        }
        hdfs.mkdirs(new org.apache.hadoop.fs.Path("/data/mnist"));
        try (var files = Files.list(Path.of("data/mnist"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".gz")).toList()) {
                hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toString()),
                        new org.apache.hadoop.fs.Path("/data/mnist/" + file.getFileName()));
            }
        }

        Path local = dir.resolve("local");
        List<String> args = new ArrayList<>(List.of(SETUP));
        args.addAll(List.of("data.path=data/mnist", "output=" + local));
        JobHarness.Outcome outcome = JobHarness.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        localModel = local.resolve("model/model.safetensors");
    }

    @AfterAll
    static void stop() throws IOException {
        if (yarn != null) {
            yarn.stop();
        }
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    /** jobs/submit.sh against the mini YARN, with the job's SETUP and {@code jobArgs}; output to {@code log}. */
    private static ProcessBuilder submission(String deployMode, Path log, List<String> sparkArgs,
                                             String... jobArgs) {
        String javaHome = System.getProperty("java.home");
        List<String> command = new ArrayList<>(List.of("bash", Path.of("jobs/submit.sh").toAbsolutePath().toString(),
                "--master", "yarn", "--deploy-mode", deployMode, "--num-executors", "2", "--executor-cores", "1",
                "--executor-memory", "1g", "--driver-memory", "1g",
                // Spark's jars are on this machine: the containers take them from there, not from an upload.
                "--conf", "spark.yarn.jars=local:" + Path.of("target/spark-home/jars").toAbsolutePath() + "/*",
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.serializer=" + JobHarness.KRYO));
        command.addAll(sparkArgs);
        command.add("--");
        command.addAll(List.of(SETUP));
        command.addAll(List.of(jobArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HADOOP_CONF_DIR", hadoopConf.toString());
        builder.environment().put("JAVA_HOME", javaHome);
        return builder;
    }

    /** Runs a submission to its end; returns its exit code. */
    private static int submit(String deployMode, Path log, List<String> sparkArgs, String... jobArgs)
            throws Exception {
        Process process = submission(deployMode, log, sparkArgs, jobArgs).start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "no end; log: " + log);
        return process.exitValue();
    }

    /** YARN's final status of the newest application. */
    private static FinalApplicationStatus lastFinalStatus() throws IOException {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.getConfig());
            client.start();
            List<ApplicationReport> reports = client.getApplications();
            return reports.stream().max(Comparator.comparingLong(ApplicationReport::getStartTime)).orElseThrow()
                    .getFinalApplicationStatus();
        } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
            throw new IOException(e);
        }
    }

    private static String hdfsDigest(String file) throws Exception {
        try (var in = hdfs.open(new org.apache.hadoop.fs.Path(file))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    /** The float32 weights of a model.safetensors file, in file order. */
    private static float[] weights(byte[] file) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int start = 8 + (int) buffer.getLong(0);
        float[] values = new float[(file.length - start) / 4];
        buffer.position(start).asFloatBuffer().get(values);
        return values;
    }

    @Test
    @Order(1)
    void clusterModeOnHdfsGivesLocalModesModel() throws Exception {
        Path log = dir.resolve("cluster.log");
        String hdfsRoot = hdfs.getUri().toString();
        int code = submit("cluster", log, List.of(), "data.path=" + hdfsRoot + "/data/mnist",
                "output=" + hdfsRoot + "/runs/cluster");
        assertEquals(0, code, Files.readString(log));
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastFinalStatus());
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/cluster/summary.json")));
        try (var in = hdfs.open(new org.apache.hadoop.fs.Path("/runs/cluster/driver.log"))) {
            // A driver in YARN's container loads the job from a class loader of its own: the endpoint's messages
            // must cross without the job's classes (RoundEndpoint).
            String driverLog = new String(in.readAllBytes());
            assertTrue(driverLog.contains("rounds: long-lived tasks take them from an endpoint on the driver"),
                    driverLog);
        }
        yarnDigest = hdfsDigest("/runs/cluster/model/model.safetensors");
        float[] local = weights(Files.readAllBytes(localModel));
        float[] onYarn;
        try (var in = hdfs.open(new org.apache.hadoop.fs.Path("/runs/cluster/model/model.safetensors"))) {
            onYarn = weights(in.readAllBytes());
        }
        assertEquals(local.length, onYarn.length);
        double largest = 0;
        int differing = 0;
        for (int i = 0; i < local.length; i++) {
            largest = Math.max(largest, Math.abs(local[i] - onYarn[i]));
            differing += local[i] != onYarn[i] ? 1 : 0;
        }
        assertEquals(0, differing, differing + " of " + local.length + " weights differ from local mode's, by at most "
                + largest + " (do the executors run OpenBLAS's kernel of the driver?)");
        System.out.printf("OUTCOME yarn cluster mode, hdfs:// data and output: exit 0, SUCCEEDED; model sha256 %s"
                + " = local mode's%n", yarnDigest.substring(0, 16));
    }

    @Test
    @Order(2)
    void clientModeWithPathsWithoutAScheme() throws Exception {
        Path log = dir.resolve("client.log");
        // No scheme: fs.defaultFS (the mini HDFS) decides, for the data and the run directory alike.
        int code = submit("client", log, List.of(), "data.path=/data/mnist", "output=/runs/client");
        assertEquals(0, code, Files.readString(log));
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastFinalStatus());
        assertEquals(yarnDigest, hdfsDigest("/runs/client/model/model.safetensors"));
        System.out.println("OUTCOME yarn client mode, paths without a scheme on fs.defaultFS: exit 0, SUCCEEDED, "
                + "model sha256 = cluster mode's");
    }

    @Test
    void aFailingRunIsFailedForYarnAndTheScheduler() throws Exception {
        Path log = dir.resolve("failing.log");
        int code = submit("cluster", log, List.of("--conf", "spark.yarn.maxAppAttempts=1"),
                "data.path=/data/missing", "output=/runs/failing");
        assertNotEquals(0, code, Files.readString(log));
        assertEquals(FinalApplicationStatus.FAILED, lastFinalStatus());
        System.out.println("OUTCOME yarn cluster mode, missing data: submit.sh exit " + code + ", FAILED");
    }

    /** Rounds recorded so far in a run's metrics.jsonl on HDFS (flushed line by line, so readable while it runs). */
    private static long roundsOnHdfs(String run) {
        try (var in = hdfs.open(new org.apache.hadoop.fs.Path(run + "/metrics.jsonl"))) {
            return new String(in.readAllBytes()).lines().filter(l -> l.contains("\"type\":\"round\"")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Starts a submission, waits until its run on HDFS has {@code rounds} rounds, SIGKILLs the first matching JVM. */
    private static Process killDuring(String deployMode, Path log, String run, long rounds, String jvmClass,
                                      List<String> sparkArgs, String... jobArgs) throws Exception {
        ProcessBuilder builder = submission(deployMode, log, sparkArgs, jobArgs);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (roundsOnHdfs(run) < rounds) {
            assertTrue(System.nanoTime() < deadline && process.isAlive(), "never reached round " + rounds + "; log: "
                    + Files.readString(log));
            Thread.sleep(200);
        }
        ProcessHandle victim = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(jvmClass)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + jvmClass + " process"));
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "no end; log: " + log);
        return process;
    }

    @Test
    @Order(3)
    void aKilledExecutorContainerChangesNothing() throws Exception {
        Path log = dir.resolve("executor-killed.log");
        Process submission = killDuring("cluster", log, "/runs/executor-killed", 2, "CoarseGrainedExecutorBackend",
                List.of("--conf", "spark.yarn.maxAppAttempts=1"), "data.path=/data/mnist",
                "output=/runs/executor-killed");
        assertEquals(0, submission.exitValue(), Files.readString(log));
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastFinalStatus());
        assertEquals(yarnDigest, hdfsDigest("/runs/executor-killed/model/model.safetensors"));
        System.out.println("OUTCOME yarn executor container SIGKILLed after round 2: SUCCEEDED, model sha256 = the "
                + "uninterrupted run's");
    }

    @Test
    @Order(4)
    void aKilledDriverContainerIsResumedByTheNextAttemptFromHdfs() throws Exception {
        Path log = dir.resolve("driver-killed.log");
        // Killed after its first checkpoint, while it trains and writes more: the second attempt resumes from the
        // newest checkpoint that is whole.
        Process submission = killDuring("cluster", log, "/runs/driver-killed", 3,
                "org.apache.spark.deploy.yarn.ApplicationMaster", List.of("--conf", "spark.yarn.maxAppAttempts=2"),
                "data.path=/data/mnist", "output=/runs/driver-killed", "resume=auto");
        assertEquals(0, submission.exitValue(), Files.readString(log));
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastFinalStatus());
        assertEquals(yarnDigest, hdfsDigest("/runs/driver-killed/model/model.safetensors"));
        String driverLog;
        try (var in = hdfs.open(new org.apache.hadoop.fs.Path("/runs/driver-killed/driver.log"))) {
            driverLog = new String(in.readAllBytes());
        }
        assertTrue(driverLog.contains("resume=auto: resuming the run in"), driverLog);
        System.out.println("OUTCOME yarn driver (AM) container SIGKILLed after round 3: attempt 2 resumed from the "
                + "HDFS checkpoint, SUCCEEDED, model sha256 = the uninterrupted run's");
    }

    /** Checkpoint directories on HDFS: the whole ones ("round-…") and the half-written ones (".round-…"). */
    private static List<String> checkpointEntries(String run) throws IOException {
        org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path(run + "/checkpoints");
        if (!hdfs.exists(checkpoints)) {
            return List.of();
        }
        return java.util.Arrays.stream(hdfs.listStatus(checkpoints)).map(s -> s.getPath().getName()).toList();
    }

    @Test
    void aDriverKilledWhileWritingACheckpointToHdfsLeavesThePreviousOneWhole() throws Exception {
        String run = "/runs/killed-mid-write";
        String[] job = {"data.path=/data/mnist", "output=" + run, "checkpoint.every=1", "resume=auto"};
        int caughtMidWrite = 0;
        for (int attempt = 1; attempt <= 4 && caughtMidWrite == 0; attempt++) {
            Path log = dir.resolve("killed-mid-write-" + attempt + ".log");
            Process process = localSubmission(log, job).start();
            ProcessHandle driver = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            // Polls the NameNode until a checkpoint is being written while an earlier one is whole, then SIGKILLs
            // the driver JVM at once: the write is cut somewhere between creating its directory and renaming it.
            while (true) {
                assertTrue(System.nanoTime() < deadline && process.isAlive(), "no checkpoint write to interrupt; log: "
                        + Files.readString(log));
                if (driver == null) {
                    driver = ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                            .contains("org.apache.spark.deploy.SparkSubmit")).findFirst().orElse(null);
                }
                List<String> entries = checkpointEntries(run);
                if (driver != null && entries.stream().anyMatch(n -> n.startsWith("round-"))
                        && entries.stream().anyMatch(n -> n.startsWith(".round-"))) {
                    driver.destroyForcibly();
                    break;
                }
                Thread.sleep(1);
            }
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
            List<String> after = checkpointEntries(run);
            caughtMidWrite += after.stream().anyMatch(n -> n.startsWith(".round-")) ? 1 : 0;
            String newestWhole = after.stream().filter(n -> n.startsWith("round-")).max(String::compareTo)
                    .orElseThrow();
            io.github.sparklstm.distributed.training.Checkpoints checkpoints = new io.github.sparklstm.distributed.training.Checkpoints(
                    io.github.sparklstm.storage.HadoopStore.at(hdfs.getUri() + run + "/checkpoints", hdfs.getConf()), 3);
            long round = checkpoints.latestGood(w -> {
                throw new AssertionError("a damaged checkpoint after the kill: " + w);
            }).orElseThrow().round();
            assertEquals(Long.parseLong(newestWhole.substring("round-".length())), round);
            System.out.println("OUTCOME local driver SIGKILLed while checkpointing to HDFS (attempt " + attempt + "): "
                    + after + ", the newest whole checkpoint (round " + round + ") reads back intact");
        }
        assertTrue(caughtMidWrite > 0, "no kill landed inside a checkpoint write in 4 attempts");

        Path log = dir.resolve("killed-mid-write-resumed.log");
        Process resumed = localSubmission(log, job).start();
        assertTrue(resumed.waitFor(10, TimeUnit.MINUTES), "no end; log: " + log);
        assertEquals(0, resumed.exitValue(), Files.readString(log));
        String localDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(localModel)));
        assertEquals(localDigest, hdfsDigest(run + "/model/model.safetensors"));
        assertTrue(checkpointEntries(run).stream().noneMatch(n -> n.startsWith(".")), "half-written checkpoints left: "
                + checkpointEntries(run));
        System.out.println("OUTCOME resumed after the kills: exit 0, model sha256 = the uninterrupted run's, "
                + "half-written checkpoints removed");
    }

    /** jobs/submit.sh on local Spark (local[2]) with HADOOP_CONF_DIR naming the mini HDFS. */
    private static ProcessBuilder localSubmission(Path log, String... jobArgs) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("jobs/submit.sh").toAbsolutePath().toString(),
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.serializer=" + JobHarness.KRYO, "--"));
        command.addAll(List.of(SETUP));
        command.addAll(List.of(jobArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HADOOP_CONF_DIR", hadoopConf.toString());
        return builder;
    }

    @Test
    void runFilesAreReplacedInOneStepOnHdfs() throws Exception {
        io.github.sparklstm.storage.HadoopStore store = io.github.sparklstm.storage.HadoopStore.at(
                hdfs.getUri() + "/atomic", hdfs.getConf());
        store.mkdirs();
        store.writeAtomically("summary.json", out -> out.write("first".getBytes()));
        store.writeAtomically("summary.json", out -> out.write("second".getBytes()));
        assertEquals("second", new String(store.readAll("summary.json")));
        assertEquals(List.of("summary.json"), store.list(), "no temporary file left");
    }

    @Test
    void kubernetesIsReachedWithoutAMissingClass() throws Exception {
        Path log = dir.resolve("k8s.log");
        // Nothing listens there: the submission must fail contacting the API server, not loading Spark's classes.
        List<String> command = List.of("bash", Path.of("jobs/submit.sh").toAbsolutePath().toString(), "--master",
                "k8s://https://127.0.0.1:1", "--deploy-mode", "cluster", "--conf",
                "spark.kubernetes.container.image=spark-lstm:test", "--conf",
                "spark.kubernetes.file.upload.path=" + dir.resolve("k8s-upload"), "--conf",
                "spark.kubernetes.submission.waitAppCompletion=false", "--", "train.epochs=1");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        String text = Files.readString(log);
        assertNotEquals(0, process.exitValue(), text);
        assertTrue(!text.contains("ClassNotFoundException") && !text.contains("Could not load KUBERNETES")
                && (text.contains("Connection refused") || text.contains("Failed to connect")
                || text.contains("KubernetesClientException")), text);
        System.out.println("OUTCOME k8s://https://127.0.0.1:1: exit " + process.exitValue() + ", failed contacting "
                + "the API server (no missing class)");
    }
}
