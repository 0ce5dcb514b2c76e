package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutTest {

    private static List<Long> held(Holdout holdout, int n) {
        List<Long> positions = new ArrayList<>();
        for (long p = 0; p < n; p++) {
            if (holdout.holds(p)) {
                positions.add(p);
            }
        }
        return positions;
    }

    @Test
    void holdsAboutTheFractionAndTheSameEachTime() {
        Holdout holdout = new Holdout(0.2, 3);
        List<Long> once = held(holdout, 100_000);
        assertEquals(20_000, once.size(), 500);
        assertEquals(once, held(new Holdout(0.2, 3), 100_000));
        assertNotEquals(once, held(new Holdout(0.2, 4), 100_000), "another seed, another split");
        // A larger fraction holds a superset: a split grows without reshuffling what it held.
        List<Long> more = held(new Holdout(0.3, 3), 100_000);
        assertEquals(true, more.containsAll(once));
    }

    @Test
    void noneHoldsNothingAndBadFractionsAreRefused() {
        assertFalse(Holdout.none().holds(5));
        assertEquals(0, held(Holdout.none(), 1000).size());
        assertThrows(IllegalArgumentException.class, () -> new Holdout(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Holdout(-0.1, 0));
    }
}
