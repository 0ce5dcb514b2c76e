package io.github.sparklstm.bench;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.GradientClipping;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.optim.OptimizerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's training rate beside the machine's rate for the matrix products it is made of, measured in turns:
 * these VMs drift by 10-30% within minutes, so a ceiling measured once before the engine (or after) says little
 * about the engine's share of it. Each turn times the engine for a while, then the LSTM-shaped product
 * [B×(F+H)]·[(F+H)×4H] and the step's own products; the medians over the turns are reported, and the shares are
 * medians of the turns' own ratios. Products are called as the engine calls them (cblas_sgemm straight into
 * OpenBLAS), so the ceiling carries no op-building overhead the engine does not pay either.
 */
final class EngineRate {

    /** Medians over the turns: examples/s, the ceiling's GFLOP/s, the step's products alone in ms, and shares. */
    record Result(double examplesPerSecond, double ceilingGflops, double stepMillis, double productMillis,
                  double shareOfCeiling) {
    }

    private EngineRate() {
    }

    /** The engine training {@code spec} on {@code set} in {@code order} at {@code batch}, in turns with the products. */
    static Result measure(ModelSpec spec, SequenceSet set, int[] order, int batch, double seconds) {
        Engine engine = new Engine(spec, set, order, batch, 0);
        Products products = new Products(spec, set.steps(), batch);
        double flops = spec.trainingFlopsPerExample(set.steps());
        engine.examplesPerSecond(2.0);
        products.ceilingGflops(0.2);
        products.stepMillis(0.2);
        int turns = Math.max(3, (int) Math.round(seconds / 1.5));
        double[] rates = new double[turns];
        double[] ceilings = new double[turns];
        double[] stepMillis = new double[turns];
        double[] productMillis = new double[turns];
        double[] shares = new double[turns];
        for (int k = 0; k < turns; k++) {
            rates[k] = engine.examplesPerSecond(1.0);
            stepMillis[k] = 1e3 * batch / rates[k];
            ceilings[k] = products.ceilingGflops(0.25);
            productMillis[k] = products.stepMillis(0.25);
            shares[k] = rates[k] * flops / 1e9 / ceilings[k];
        }
        return new Result(median(rates), median(ceilings), median(stepMillis), median(productMillis),
                median(shares));
    }

    /** One engine against {@code engines} training at once, in turns; medians over the turns. */
    record Concurrency(double oneRate, double allRate, double ceilingScaling) {
    }

    /**
     * What the cores give together, without Spark: {@code engines} replicas training at once, one thread each, as
     * Spark's tasks train on an executor's cores, in turns with one of them alone; and the LSTM-shaped product run
     * the same way. Spark's steady rate can reach the sum of the replicas' rates at most; the gap between that sum
     * and {@code engines} times one engine is the machine's (shared caches, memory, the host), not the job's.
     */
    static Concurrency concurrently(ModelSpec spec, SequenceSet set, int[] order, int batch, int engines,
                                    double seconds) throws InterruptedException, ExecutionException {
        Engine[] all = new Engine[engines];
        Product[] ceilings = new Product[engines];
        for (int k = 0; k < engines; k++) {
            all[k] = new Engine(spec, set, order, batch, k * Math.max(1, set.size() / batch) / engines);
            ceilings[k] = Product.lstmShaped(spec, batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(engines);
        try {
            atOnce(pool, k -> all[k].examplesPerSecond(2.0), engines);
            int turns = Math.max(3, (int) Math.round(seconds / 2.5));
            double[] one = new double[turns];
            double[] together = new double[turns];
            double[] ceilingScaling = new double[turns];
            for (int t = 0; t < turns; t++) {
                one[t] = all[0].examplesPerSecond(1.0);
                together[t] = atOnce(pool, k -> all[k].examplesPerSecond(1.0), engines);
                double alone = ceilings[0].run(0.2);
                ceilingScaling[t] = atOnce(pool, k -> ceilings[k].run(0.2), engines) / alone;
            }
            return new Concurrency(median(one), median(together), median(ceilingScaling));
        } finally {
            pool.shutdownNow();
        }
    }

    /* Runs {@code task} for 0..n-1 on n threads at once and adds up what they return. */
    private static double atOnce(ExecutorService pool, IntToDoubleFunction task, int n)
            throws InterruptedException, ExecutionException {
        List<Future<Double>> running = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int which = k;
            running.add(pool.submit(() -> task.applyAsDouble(which)));
        }
        double sum = 0;
        for (Future<Double> f : running) {
            sum += f.get();
        }
        return sum;
    }

    /** A replica with its optimizer and batches, as a task holds one; replicas start at different minibatches. */
    private static final class Engine {
        private final LstmNetwork model;
        private final Optimizer adam;
        private final OptimizerState state;
        private final BatchBuilder builder;
        private final int[] order;
        private final int batch;
        private final int batches;
        private int step;

        Engine(ModelSpec spec, SequenceSet set, int[] order, int batch, int firstStep) {
            model = LstmNetwork.create(spec, set.steps(), batch);
            Initialization.keras(model.parameters(), spec, 1);
            adam = Optimizer.of(OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM));
            state = adam.newState(model.parameters().layout(), Precision.FLOAT32);
            builder = new BatchBuilder(set, InputScaling.identity(set.features()), batch);
            this.order = order;
            this.batch = batch;
            batches = Math.max(1, set.size() / batch);
            step = firstStep;
        }

        void step() {
            trainStep(model, adam, state, builder.build(order, (step++ % batches) * batch, batch));
        }

        double examplesPerSecond(double seconds) {
            int done = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                step();
                done++;
            }
            return done * batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    static void trainStep(LstmNetwork model, Optimizer optimizer, OptimizerState state, SequenceBatch b) {
        model.forwardBackward(b);
        GradientClipping.clipGlobalNorm(model.gradients(), 5.0);
        optimizer.apply(model.parameters(), model.gradients(), state, 1e-3);
    }

    /** Median GFLOP/s of a square float32 product of side {@code n}, called as the engine calls BLAS. */
    static double squareGflops(int n) {
        Product square = new Product(n, n, n, false, false);
        square.run(0.3);
        double[] rates = new double[5];
        for (int k = 0; k < rates.length; k++) {
            rates[k] = square.run(0.3);
        }
        return median(rates);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The products of one training step of a one-layer model, with the engine's shapes and flags: the input
     * projection of all steps, the recurrent product per step forward and backward, and the two weight gradients
     * over all steps. Deeper models repeat them per layer; the bench times the default one-layer model.
     */
    private static final class Products {
        private final Product ceiling;
        private final Product[] ofStep;
        private final int[] timesPerStep;

        Products(ModelSpec spec, int steps, int batch) {
            int in = spec.inputSize();
            int h = spec.hiddenSize();
            int rows = steps * batch;
            ceiling = Product.lstmShaped(spec, batch);
            ofStep = new Product[] {
                new Product(rows, in, 4 * h, false, true),                  // Z = X·W_ihᵀ
                new Product(batch, h, 4 * h, false, true),                  // Z(t) += h(t-1)·W_hhᵀ
                new Product(batch, 4 * h, h, false, false),                 // dh(t-1) = dZ(t)·W_hh
                new Product(4 * h, rows, in, true, false),                  // dW_ih = dZᵀ·X
                new Product(4 * h, (steps - 1) * batch, h, true, false)};   // dW_hh = dZ[1:]ᵀ·H[:-1]
            timesPerStep = new int[] {1, steps - 1, steps - 1, 1, steps > 1 ? 1 : 0};
        }

        double ceilingGflops(double seconds) {
            return ceiling.run(seconds);
        }

        /* What the products of one training step take, each timed on its own and added up. */
        double stepMillis(double seconds) {
            double total = 0;
            for (int k = 0; k < ofStep.length; k++) {
                if (timesPerStep[k] > 0) {
                    total += timesPerStep[k] * ofStep[k].flop / (ofStep[k].run(seconds / ofStep.length) * 1e6);
                }
            }
            return total;
        }
    }

    /** C[m×n] = op(A)·op(B) in float32 on preallocated ND4J buffers, straight into OpenBLAS. */
    private static final class Product {
        private final int m;
        private final int k;
        private final int n;
        private final boolean transposeA;
        private final boolean transposeB;
        private final FloatPointer a;
        private final FloatPointer b;
        private final FloatPointer c;
        final double flop;
        @SuppressWarnings("unused") // the ND4J arrays own the memory the pointers address
        private final INDArray[] keep;

        Product(int m, int k, int n, boolean transposeA, boolean transposeB) {
            this.m = m;
            this.k = k;
            this.n = n;
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            INDArray arrayA = Nd4j.rand(DataType.FLOAT, transposeA ? k : m, transposeA ? m : k);
            INDArray arrayB = Nd4j.rand(DataType.FLOAT, transposeB ? n : k, transposeB ? k : n);
            INDArray arrayC = Nd4j.zeros(DataType.FLOAT, m, n);
            keep = new INDArray[] {arrayA, arrayB, arrayC};
            a = (FloatPointer) arrayA.data().addressPointer();
            b = (FloatPointer) arrayB.data().addressPointer();
            c = (FloatPointer) arrayC.data().addressPointer();
            flop = 2.0 * m * k * n;
        }

        /** One step's gate product of the model, [batch×(in+H)]·[(in+H)×4H]: the ceiling the engine is held to. */
        static Product lstmShaped(ModelSpec spec, int batch) {
            return new Product(batch, spec.inputSize() + spec.hiddenSize(), 4 * spec.hiddenSize(), false, false);
        }

        /** GFLOP/s over about {@code seconds} of repeated products (at least three). */
        double run(double seconds) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int done = 0;
            while (done < 3 || System.nanoTime() < end) {
                openblas.cblas_sgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                        transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, a,
                        transposeA ? m : k, b, transposeB ? k : n, 0f, c, n);
                done++;
            }
            return flop * done / (System.nanoTime() - start);
        }
    }
}
