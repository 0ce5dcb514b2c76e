package io.github.sparklstm.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AveragingPeriodTest {

    /* The rounds' sizes from a position to the end, as the driver's loop takes them. */
    private static List<Integer> rounds(AveragingPeriod period, int epoch, int batch, int epochs, int perEpoch) {
        List<Integer> sizes = new ArrayList<>();
        for (int e = epoch, b = batch; e < epochs; e++, b = 0) {
            while (b < perEpoch) {
                int n = period.batchesAt(e, b, perEpoch);
                sizes.add(n);
                b += n;
            }
        }
        return sizes;
    }

    @Test
    void withoutAnEarlyPhaseEveryRoundHasTheFrequencyCutAtTheEpochsEnd() {
        var period = new AveragingPeriod(4, 0, 3);
        assertEquals(List.of(4, 4, 2, 4, 4, 2), rounds(period, 0, 0, 2, 10));
        assertEquals(6, period.roundsLeft(0, 0, 2, 10));
    }

    @Test
    void theEarlyPhaseAveragesMoreOftenUpToItsFractionOfTheRun() {
        // 1.5 epochs of 10 minibatches averaged every minibatch, then every 4.
        var period = new AveragingPeriod(4, 1, 1.5);
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 4, 4, 2),
                rounds(period, 0, 0, 3, 10));
        assertEquals(20, period.roundsLeft(0, 0, 3, 10));
        // From the middle of the run (a resume), the same rounds as the uninterrupted run's tail.
        assertEquals(List.of(4, 1, 4, 4, 2), rounds(period, 1, 5, 3, 10));
        assertEquals(5, period.roundsLeft(1, 5, 3, 10));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new AveragingPeriod(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AveragingPeriod(4, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AveragingPeriod(4, 1, Double.NaN));
    }
}
