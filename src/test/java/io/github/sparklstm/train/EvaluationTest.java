package io.github.sparklstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.BatchOutcome;
import org.junit.jupiter.api.Test;

/** Per-step evaluation counts labelled steps only, and tells sequences with every step right; F1 per class. */
class EvaluationTest {

    @Test
    void perStepPredictionsAreScoredWhereLabelledAndSequencesWhereAllAreRight() {
        // Two sequences of 3 and 2 steps, time-major; -1: no label (step 1 of the first) or padding.
        int[] stepLabels = {0, 1, -1, 2, 1, -1};
        int[] predictions = {0, 1, 2, 0, 1, 2};
        SequenceBatch batch = new SequenceBatch(2, 3, 1, new float[6], new int[] {-1, -1}, new int[] {3, 2},
                stepLabels);
        Evaluation e = new Evaluation(3);
        e.add(batch, new BatchOutcome(2, 4, 2.0, 3, predictions));
        assertEquals(2, e.examples());
        assertEquals(4, e.scored());
        assertEquals(0.75, e.accuracy());
        assertEquals(0.5, e.meanLoss());
        assertEquals(0.5, e.sequenceAccuracy()); // the second sequence got its first step wrong
        // Class 0: predicted twice, right once, labelled once: P 1/2, R 1, F1 2/3. Class 1: 1, 1, 1. Class 2: never
        // predicted right, labelled once: F1 0.
        assertEquals(2.0 / 3, e.f1(0), 1e-15);
        assertEquals(1.0, e.f1(1), 1e-15);
        assertEquals(0.0, e.f1(2), 1e-15);
        assertEquals((2.0 / 3 + 1 + 0) / 3, e.macroF1(), 1e-15);
        assertEquals(1, e.confusionMatrix()[2][0]);
    }

    @Test
    void perSequenceEvaluationIsAsBefore() {
        SequenceBatch batch = new SequenceBatch(3, 1, 1, new float[3], new int[] {0, 1, 1});
        Evaluation e = new Evaluation(2);
        e.add(batch, new BatchOutcome(3, 3, 3.0, 2, new int[] {0, 0, 1}));
        assertEquals(3, e.examples());
        assertEquals(2.0 / 3, e.accuracy(), 1e-15);
        assertEquals(e.accuracy(), e.sequenceAccuracy(), 1e-15);
        assertEquals(1.0, e.meanLoss());
    }
}
