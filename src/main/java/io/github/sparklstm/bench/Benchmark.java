package io.github.sparklstm.bench;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.EpochOrder;
import io.github.sparklstm.data.FeatureStatistics;
import io.github.sparklstm.data.ImageSequences;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InputScaling;
import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.data.SequenceSet;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.Initialization;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training throughput of the engine beside the machine's measured gemm ceiling, single thread by default. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures training examples/s and GFLOP/s of the LSTM engine next to this machine's gemm rate.")
public final class Benchmark implements Callable<Integer> {

    @Option(names = "--data", description = "MNIST directory (default: ${DEFAULT-VALUE})")
    Path data = Path.of("data/mnist");

    @Option(names = "--batch-sizes", split = ",", description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes = List.of(32, 64, 128, 256);

    @Option(names = "--hidden", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden = 128;

    @Option(names = "--seconds", description = "timed seconds per batch size (default: ${DEFAULT-VALUE})")
    double seconds = 8;

    @Option(names = "--threads", description = "ND4J/BLAS threads (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--no-ragged", description = "leave out MNIST with rows-trimmed (1-28 steps) at batch 128, "
            + "bucketed by length and not")
    boolean noRagged;

    @Option(names = "--round-cost", split = ",", description = "instead of the rest: the fixed cost of a round of "
            + "the default model at these partition counts, broken down (e.g. 2,4,8,16,32)")
    List<Integer> roundCostPartitions = List.of();

    @Option(names = "--master", description = "Spark master for --round-cost (default: local[all cores]; a "
            + "standalone cluster: spark://127.0.0.1:7077 after jobs/local-cluster.sh start)")
    String master = "";

    @Option(names = "--exchange", description = "averaging.exchange of the end-to-end and round-cost runs: auto "
            + "(the default: rounds through the driver endpoint where possible), endpoint, or jobs (a Spark job per "
            + "round, as before the endpoint)")
    String exchange = "auto";

    @Option(names = "--peer-rate", description = "examples/s of a peer measured in the same session (jobs/bench.sh "
            + "passes PyTorch's when it is installed)")
    double peerRate = Double.NaN;

    @Option(names = "--peer-label", description = "what the peer is")
    String peerLabel = "peer";

    @Option(names = "--peer-bidirectional-rate", description = "examples/s of the peer's bidirectional model")
    double peerBidirectionalRate = Double.NaN;

    @Option(names = "--peer-steps-rate", description = "examples/s of the peer's bidirectional per-step model")
    double peerStepsRate = Double.NaN;

    @Option(names = "--no-labelling", description = "leave out the bidirectional and per-step models at batch 128")
    boolean noLabelling;

    @Option(names = "--peer-charlm-rate", description = "characters/s of the peer's character model")
    double peerCharRate = Double.NaN;

    @Option(names = "--no-charlm", description = "leave out the character language model")
    boolean noCharModel;

    @Option(names = "--spark-epochs", description = "epochs of the end-to-end run through local Spark with the "
            + "default config (10 = the default config itself); 0 skips it (default: ${DEFAULT-VALUE})")
    int sparkEpochs = 10;

    @Override
    public Integer call() throws Exception {
        ComputeThreads.limit(threads);
        if (!roundCostPartitions.isEmpty()) {
            RoundCostTable.print(master.isEmpty() ? "local[" + Runtime.getRuntime().availableProcessors() + "]"
                    : master, data, roundCostPartitions, exchange);
            return 0;
        }
        LabeledImages images = MnistFiles.readTrain(data);
        ImageView view = ImageView.of("rows", images.height(), images.width(), 0);
        ImageSequences train = new ImageSequences(images, view);
        int classes = train.labelCounts().length;
        ModelSpec spec = new ModelSpec(view.features(), hidden, 1, false, classes);
        double flops = spec.trainingFlopsPerExample(view.steps());
        System.out.printf("LSTM %d-%d-%d, %d steps, %.1f MFLOP per training example, %d thread(s)%n",
                view.features(), hidden, classes, view.steps(), flops / 1e6, threads);

        System.out.printf("ceiling  gemm 2048^3: %.1f GFLOP/s (one thread, as the engine calls OpenBLAS)%n",
                EngineRate.squareGflops(2048));
        double at128 = Double.NaN;
        int[] order = EpochOrder.shuffled(train.size(), 1, 0, 0);
        for (int batch : batchSizes) {
            EngineRate.Result r = EngineRate.measure(spec, train, order, batch, seconds);
            if (batch == 128) {
                at128 = r.examplesPerSecond();
            }
            int in = view.features() + hidden;
            System.out.printf("batch %3d  %8.0f examples/s  %5.1f GFLOP/s   | gemm [%dx%d]x[%dx%d]: %5.1f GFLOP/s"
                            + " (%.0f%% of it) | a step %.2f ms, its matrix products alone %.2f ms (%.0f%%)%n",
                    batch, r.examplesPerSecond(), r.examplesPerSecond() * flops / 1e9, batch, in, in, 4 * hidden,
                    r.ceilingGflops(), 100 * r.shareOfCeiling(), r.stepMillis(), r.productMillis(),
                    100 * r.productMillis() / r.stepMillis());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        EngineRate.Concurrency together = null;
        if (!Double.isNaN(at128) && cores > 1) {
            together = EngineRate.concurrently(spec, train, order, 128, cores, seconds);
            System.out.printf("together batch 128, %d engines at once (a replica and a thread each, no Spark): %.0f "
                            + "examples/s = %.2fx one alone in the same turns (%.0f); the LSTM-shaped product %d at "
                            + "once: %.2fx one alone%n", cores, together.allRate(),
                    together.allRate() / together.oneRate(), together.oneRate(), cores, together.ceilingScaling());
        }
        if (!noLabelling) {
            labellingRates(train, order, classes);
        }
        if (!noCharModel) {
            CharModelRate.print(seconds, peerCharRate);
        }
        if (!noRagged) {
            raggedRates(spec, images, at128);
        }
        for (int batch : batchSizes) {
            double rows = predictionRate(spec, train, batch);
            System.out.printf("predict  batch %3d  %8.0f rows/s on one thread (forward only, as transform and "
                    + "predict run it)%n", batch, rows);
        }
        if (sparkEpochs > 0) {
            EndToEnd.Result spark = EndToEnd.run(data, sparkEpochs, exchange);
            System.out.printf("spark    local[%d], default config (averaging.exchange=%s), %d epochs: %.0f examples/s "
                            + "(steady state, epochs 2+), %.1f GFLOP/s, overhead %.1f%% of round time, test accuracy "
                            + "%.2f%%%n", spark.cores(), exchange, sparkEpochs, spark.examplesPerSecond(),
                    spark.examplesPerSecond() * flops / 1e9,
                    100 * spark.overheadFraction(), 100 * spark.testAccuracy());
            System.out.printf("spark    data read, checked and cached on the executors in %.1f s%n",
                    spark.dataLoadSeconds());
            System.out.printf("spark    first epoch (what a one-epoch run trains at): %.0f examples/s; whole run: %.0f "
                    + "examples/s; fixed cost per round (median, first round left out): %.0f ms%n",
                    spark.firstEpochExamplesPerSecond(), spark.wholeRunExamplesPerSecond(), spark.fixedCostMillis());
            System.out.printf("spark    first round at %.0f%% of the steady rate; a round's parts (medians, first round "
                    + "left out, ms): %s%n", 100 * spark.firstRoundShare(), spark.parts());
            if (!Double.isNaN(peerRate)) {
                System.out.printf("peer     %s: %.0f examples/s; the job's first epoch = %.2fx it, steady state = "
                        + "%.2fx%n", peerLabel, peerRate, spark.firstEpochExamplesPerSecond() / peerRate,
                        spark.examplesPerSecond() / peerRate);
            }
            if (!Double.isNaN(at128)) {
                System.out.printf("spark    = %.2fx the engine's single-thread rate at batch 128%s%n",
                        spark.examplesPerSecond() / at128, together == null ? "" : String.format(
                                "; %.0f%% of what %d engines train at once without Spark", 100
                                        * spark.examplesPerSecond() / together.allRate(), cores));
            }
        }
        return 0;
    }

    /*
     * The models of sequence labelling at batch 128: bidirectional (a class per sequence), forward per step, and
     * bidirectional per step (each of MNIST's rows labelled with its digit: the cost does not depend on the labels),
     * with GFLOP/s counting both directions and the head at every step; the peer's same models beside them.
     */
    private void labellingRates(ImageSequences train, int[] order, int classes) {
        SequenceSet perStep = new StepLabelled(train);
        record Row(String name, ModelSpec spec, SequenceSet set, double peer) {
        }
        int f = train.features();
        for (Row row : List.of(
                new Row("bidirectional", new ModelSpec(f, hidden, 1, false, classes, true, ModelSpec.Output.LAST),
                        train, peerBidirectionalRate),
                new Row("per step", new ModelSpec(f, hidden, 1, false, classes, false, ModelSpec.Output.STEPS),
                        perStep, Double.NaN),
                new Row("bidirectional per step", new ModelSpec(f, hidden, 1, false, classes, true,
                        ModelSpec.Output.STEPS), perStep, peerStepsRate))) {
            EngineRate.Result r = EngineRate.measure(row.spec(), row.set(), order, 128, seconds);
            double flops = row.spec().trainingFlopsPerExample(train.steps());
            System.out.printf("%-22s batch 128  %8.0f examples/s  %5.1f GFLOP/s (%.0f%% of the gemm's %.1f)%s%n",
                    row.name(), r.examplesPerSecond(), r.examplesPerSecond() * flops / 1e9,
                    100 * r.examplesPerSecond() * flops / 1e9 / r.ceilingGflops(), r.ceilingGflops(),
                    Double.isNaN(row.peer()) ? "" : String.format(" | %s: %.0f examples/s, the engine %.2fx it",
                            "PyTorch's same model", row.peer(), r.examplesPerSecond() / row.peer()));
        }
    }

    /** A set of images labelled per step: every row of an image with the image's label. */
    private record StepLabelled(SequenceSet images) implements SequenceSet {
        @Override
        public int size() {
            return images.size();
        }

        @Override
        public int steps() {
            return images.steps();
        }

        @Override
        public int features() {
            return images.features();
        }

        @Override
        public int label(int example) {
            return -1;
        }

        @Override
        public boolean perStep() {
            return true;
        }

        @Override
        public int stepLabel(int example, int step) {
            return images.label(example);
        }

        @Override
        public BatchWriter writer(io.github.sparklstm.data.InputScaling scaling) {
            return images.writer(scaling);
        }

        @Override
        public void addTo(io.github.sparklstm.data.FeatureStatistics statistics) {
            images.addTo(statistics);
        }
    }

    /*
     * Sequences of different lengths: MNIST's rows from the first to the last with ink, in batches of 128 formed as
     * training forms them (bucketed by length) and from the plain shuffle, against the fixed 28-step rate in real
     * steps per second (padding is not counted as work).
     */
    private void raggedRates(ModelSpec spec, LabeledImages images, double fixedRate) {
        int batch = 128;
        ImageSequences trimmed = new ImageSequences(images, ImageView.of(ImageView.ROWS_TRIMMED, images.height(),
                images.width(), 0));
        long steps = 0;
        for (int e = 0; e < trimmed.size(); e++) {
            steps += trimmed.length(e);
        }
        double meanLength = (double) steps / trimmed.size();
        System.out.printf("ragged   rows-trimmed MNIST: %.1f steps per sequence on average (1-%d)%n", meanLength,
                trimmed.steps());
        int[][] orders = {EpochOrder.forTraining(trimmed, batch, 1, 0, 0), EpochOrder.shuffled(trimmed.size(), 1, 0, 0)};
        String[] names = {"bucketed", "unbucketed"};
        for (int k = 0; k < orders.length; k++) {
            double rate = EngineRate.measure(spec, trimmed, orders[k], batch, seconds).examplesPerSecond();
            System.out.printf("ragged   batch 128 %-10s  %8.0f examples/s  %7.0f steps/s  padding %4.1f%% of step "
                            + "slots%s%n", names[k], rate, rate * meanLength,
                    100 * EpochOrder.paddedShare(orders[k], trimmed::length, batch), Double.isNaN(fixedRate) ? ""
                            : String.format("  | fixed 28 steps: %.0f steps/s (= %.0f%%)", fixedRate * 28,
                            100 * rate * meanLength / (fixedRate * 28)));
        }
    }

    private double predictionRate(ModelSpec spec, ImageSequences test, int batch) {
        LstmNetwork model = LstmNetwork.create(spec, test.steps(), batch);
        Initialization.keras(model.parameters(), spec, 1);
        BatchBuilder builder = new BatchBuilder(test, InputScaling.identity(test.features()), batch);
        int[] order = EpochOrder.shuffled(test.size(), 1, 0, 0);
        int batches = test.size() / batch;
        int step = 0;
        long deadline = System.nanoTime() + (long) 1e9;
        while (System.nanoTime() < deadline) {
            model.forward(builder.build(order, (step++ % batches) * batch, batch));
        }
        long rows = 0;
        long start = System.nanoTime();
        deadline = start + (long) (seconds * 0.5e9);
        while (System.nanoTime() < deadline) {
            model.forward(builder.build(order, (step++ % batches) * batch, batch));
            model.logits();
            rows += batch;
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }
}
