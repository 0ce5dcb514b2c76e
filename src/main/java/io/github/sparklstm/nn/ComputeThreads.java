package io.github.sparklstm.nn;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native code may use in this JVM: OpenBLAS for the matrix products and libnd4j's OpenMP
 * for its own loops. Spark runs one task per core, so each task must stay on one thread: more would oversubscribe
 * the cores (jobs/bench.sh compares replicas at once with one alone). One thread also fixes the
 * order of every floating-point reduction, which bit-identical results across runs rely on.
 */
public final class ComputeThreads {

    private ComputeThreads() {
    }

    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
