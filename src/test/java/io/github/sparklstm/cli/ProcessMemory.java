package io.github.sparklstm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Peak memory of the processes of a cluster run, sampled once a second while the submission lives. */
final class ProcessMemory {

    /** The peaks of one run, in MB: the driver's resident set and heap in use, and each executor's resident set. */
    record Peaks(int exitCode, double seconds, long driverResident, long driverHeap, Map<Long, Long> executors) {
        long executorMax() {
            return executors.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private ProcessMemory() {
    }

    /** Waits for {@code submission}, sampling it and the cluster's executors; fails after {@code minutes}. */
    static Peaks watch(Process submission, LocalCluster cluster, int minutes) throws Exception {
        long start = System.nanoTime();
        AtomicLong driverHeap = new AtomicLong();
        AtomicLong driverResident = new AtomicLong();
        Map<Long, Long> executors = new ConcurrentHashMap<>();
        while (!submission.waitFor(1, TimeUnit.SECONDS)) {
            driverResident.accumulateAndGet(peakResidentMb(submission.pid()), Math::max);
            driverHeap.accumulateAndGet(heapUsedMb(submission.pid()), Math::max);
            for (ProcessHandle executor : cluster.executors()) {
                executors.merge(executor.pid(), peakResidentMb(executor.pid()), Math::max);
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(minutes)) {
                submission.destroyForcibly();
                throw new AssertionError("no end after " + minutes + " minutes");
            }
        }
        return new Peaks(submission.exitValue(), (System.nanoTime() - start) / 1e9, driverResident.get(),
                driverHeap.get(), executors);
    }

    /** Peak resident memory (VmHWM) of a live process, in MB; 0 once it is gone. */
    static long peakResidentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Java heap in use (young + old generations) of a JVM, in MB, from jstat; -1 if it cannot be read. */
    static long heapUsedMb(long pid) {
        try {
            Path jstat = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jstat");
            Process p = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid)).redirectErrorStream(true)
                    .start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor(10, TimeUnit.SECONDS);
            String[] names = lines.get(0).trim().split("\\s+");
            String[] values = lines.get(1).trim().split("\\s+");
            double used = 0;
            for (int i = 0; i < names.length; i++) {
                if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                    used += Double.parseDouble(values[i]);
                }
            }
            return (long) (used / 1024);
        } catch (Exception e) {
            return -1;
        }
    }
}
