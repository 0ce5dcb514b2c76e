package io.github.sparklstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.SequenceBatch;
import io.github.sparklstm.nn.BatchOutcome;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {

    /** An evaluation of 10 examples with the given mean loss and correct count. */
    private static Evaluation evaluation(double meanLoss, int correct) {
        Evaluation e = new Evaluation(2);
        int[] labels = new int[10];
        int[] predictions = new int[10];
        for (int i = 0; i < correct; i++) {
            predictions[i] = 0;
        }
        for (int i = correct; i < 10; i++) {
            predictions[i] = 1;
        }
        e.add(new io.github.sparklstm.data.SequenceBatch(10, 1, 1, new float[10], labels),
                new BatchOutcome(10, 10, meanLoss * 10, correct, predictions));
        return e;
    }

    @Test
    void keepsTheBestByLossAndStopsAfterPatience() {
        ModelSelection selection = new ModelSelection(new ModelSelection.Settings(true, false, 2));
        assertFalse(selection.offer(evaluation(0.9, 5), new float[] {1}, 0, 10));
        assertFalse(selection.offer(evaluation(0.5, 6), new float[] {2}, 1, 20));
        assertFalse(selection.offer(evaluation(0.6, 9), new float[] {3}, 2, 30), "worse loss, better accuracy");
        assertNull(selection.stopReason());
        assertTrue(selection.offer(evaluation(0.5, 9), new float[] {4}, 3, 40), "equal is no improvement");
        assertTrue(selection.stopReason().contains("validation loss did not improve for 2 validations"),
                selection.stopReason());
        assertTrue(selection.stopReason().contains("after epoch 2, round 20"), selection.stopReason());
        assertArrayEquals(new float[] {2}, selection.kept(new float[] {4}));
        assertEquals(1, selection.state().bestEpoch());
    }

    @Test
    void byAccuracyAndKeepingTheLast() {
        ModelSelection selection = new ModelSelection(new ModelSelection.Settings(false, true, 0));
        selection.offer(evaluation(0.9, 5), new float[] {1}, 0, 10);
        selection.offer(evaluation(0.1, 4), new float[] {2}, 1, 20);
        selection.offer(evaluation(0.1, 3), new float[] {3}, 2, 30);
        assertNull(selection.stopReason(), "no patience, no stop");
        assertEquals(0, selection.state().bestEpoch());
        float[] last = {3};
        assertSame(last, selection.kept(last));
    }

    @Test
    void aRestoredStateDecidesAsTheUninterruptedOne() {
        ModelSelection.Settings settings = new ModelSelection.Settings(true, false, 2);
        ModelSelection whole = new ModelSelection(settings);
        whole.offer(evaluation(0.5, 5), new float[] {1}, 0, 10);
        whole.offer(evaluation(0.7, 5), new float[] {2}, 1, 20);
        ModelSelection resumed = new ModelSelection(settings, whole.state());
        assertTrue(resumed.offer(evaluation(0.8, 5), new float[] {3}, 2, 30));
        assertArrayEquals(new float[] {1}, resumed.kept(new float[] {3}));
    }
}
