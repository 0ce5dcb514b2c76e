package io.github.sparklstm.train;

import io.github.sparklstm.data.BatchBuilder;
import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.BatchOutcome;
import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.optim.GradientClipping;
import io.github.sparklstm.optim.LearningRateSchedule;
import io.github.sparklstm.optim.Optimizer;
import io.github.sparklstm.optim.OptimizerConfig;
import io.github.sparklstm.optim.OptimizerState;
import java.util.function.UnaryOperator;

/**
 * One copy of the model with its optimizer, training on minibatches of its own examples. The single-process
 * {@link Trainer} owns one for the whole run; each Spark task loads the driver's parameters into one, runs a few
 * steps and hands the parameters back. Both run exactly this code, which is what makes one worker averaging every
 * step reproduce the single-process run bit for bit.
 */
public final class Replica {

    private final LstmNetwork model;
    private final Optimizer optimizer;
    private final OptimizerState state;
    private UnaryOperator<SequenceBatch> batchHook = UnaryOperator.identity();
    private LstmNetwork.State carried;

    public Replica(ModelSpec spec, int steps, int maxBatch, OptimizerConfig optimizerConfig) {
        model = LstmNetwork.create(spec, steps, maxBatch);
        optimizer = Optimizer.of(optimizerConfig);
        state = optimizer.newState(model.parameters().layout(), Precision.FLOAT32);
    }

    public LstmNetwork model() {
        return model;
    }

    public FlatBuffer parameters() {
        return model.parameters();
    }

    public OptimizerState optimizerState() {
        return state;
    }

    /**
     * Whether each batch starts where the batch before it ended, row by row (truncated backpropagation through time
     * over streams: {@link io.github.sparklstm.data.EpochOrder#streams}); the state starts from zero at each call of
     * {@link #train}, so it never outlives a round (a task Spark re-runs, or a resumed run, starts where the first
     * one did). The single-process {@link Trainer} calls it once an epoch, so there the state runs through the epoch
     * and a run of one worker matches it bit for bit only without carried state.
     */
    public void setCarryState(boolean carry) {
        carried = carry ? model.newState() : null;
    }

    /** Lets a caller see or alter each batch before it is trained on (fault injection in tests); null: none. */
    public void setBatchHook(UnaryOperator<SequenceBatch> hook) {
        batchHook = hook == null ? UnaryOperator.identity() : hook;
    }

    /**
     * Trains on batches {@code [firstBatch, firstBatch + batches)} of an epoch that visits the examples in
     * {@code order}; batch b holds {@code order[b·size, min((b+1)·size, n))}. Batches past the end of the order are
     * skipped (a smaller partition runs out first). Step k uses the learning rate at global step
     * {@code firstGlobalStep + k}. Stops at the first non-finite loss or gradient norm, before updating.
     */
    public StepStats train(BatchBuilder batches, int[] order, int firstBatch, int count, long firstGlobalStep,
                           LearningRateSchedule schedule, double clipNorm) {
        long start = System.nanoTime();
        if (carried != null) {
            carried.reset();
            model.startFrom(carried);
        }
        try {
            return trainBatches(batches, order, firstBatch, count, firstGlobalStep, schedule, clipNorm, start);
        } finally {
            model.startFrom(null); // evaluation and prediction start every sequence from zero
        }
    }

    private StepStats trainBatches(BatchBuilder batches, int[] order, int firstBatch, int count,
                                   long firstGlobalStep, LearningRateSchedule schedule, double clipNorm, long start) {
        int batchSize = model.maxBatch();
        long examples = 0;
        long scored = 0;
        long correct = 0;
        double lossSum = 0;
        int done = 0;
        for (int k = 0; k < count; k++) {
            int from = (firstBatch + k) * batchSize;
            if (from >= order.length) {
                break;
            }
            int size = Math.min(batchSize, order.length - from);
            BatchOutcome outcome = model.forwardBackward(batchHook.apply(batches.build(order, from, size)));
            if (carried != null) {
                model.saveState(carried, size);
            }
            double norm = GradientClipping.clipGlobalNorm(model.gradients(), clipNorm);
            if (!Double.isFinite(outcome.lossSum()) || !Double.isFinite(norm)) {
                return new StepStats(done, examples, scored, Double.NaN, correct, System.nanoTime() - start, true);
            }
            optimizer.apply(model.parameters(), model.gradients(), state, schedule.rateAt(firstGlobalStep + k));
            examples += size;
            scored += outcome.labelled();
            correct += outcome.correct();
            lossSum += outcome.lossSum();
            done++;
        }
        return new StepStats(done, examples, scored, lossSum, correct, System.nanoTime() - start, false);
    }
}
