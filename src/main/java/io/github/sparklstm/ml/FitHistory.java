package io.github.sparklstm.ml;

import io.github.sparklstm.distributed.training.DistributedTrainer;
import io.github.sparklstm.distributed.training.MetricRecords;
import io.github.sparklstm.train.Evaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * A fit's history as JSON lines, the records of a run's metrics.jsonl: one per round, one per epoch (the
 * example-weighted training loss and accuracy of its rounds), one per validation (validationFraction), and one
 * per evaluation when there is a test set.
 */
final class FitHistory implements DistributedTrainer.Listener {

    private final List<String> lines = new ArrayList<>();
    private double epochLoss;
    private double epochCorrect;
    private long epochExamples;

    @Override
    public void onRound(DistributedTrainer.RoundReport r) {
        lines.add(MetricRecords.round(r).toString());
        epochLoss += r.trainLoss() * r.examples();
        epochCorrect += r.trainAccuracy() * r.examples();
        epochExamples += r.examples();
        if (r.batchInEpoch() == r.batchesPerEpoch()) {
            var m = MetricRecords.JSON.createObjectNode();
            m.put("type", "epoch");
            m.put("round", r.round());
            m.put("epoch", r.epoch() + 1);
            m.put("step", r.globalStep());
            m.put("train_loss", epochLoss / epochExamples);
            m.put("train_accuracy", epochCorrect / epochExamples);
            m.put("examples", epochExamples);
            lines.add(m.toString());
            epochLoss = 0;
            epochCorrect = 0;
            epochExamples = 0;
        }
    }

    @Override
    public void onValidation(int epoch, long round, long globalStep, Evaluation validation) {
        lines.add(MetricRecords.validation(epoch, round, globalStep, validation, 0).toString());
    }

    @Override
    public void onEvaluation(int epoch, long round, long globalStep, Evaluation test) {
        lines.add(MetricRecords.evaluation(epoch, round, globalStep, test, 0).toString());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
