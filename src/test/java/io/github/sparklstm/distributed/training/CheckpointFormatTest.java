package io.github.sparklstm.distributed.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.train.ModelSelection;
import io.github.sparklstm.train.Position;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint's state file keeps every array and number, including the outer optimizer's state by name. */
class CheckpointFormatTest {

    private static Checkpoint checkpoint(Map<String, float[]> outer) {
        return new Checkpoint(new Position(14, 1, 4, 24), 24, 0.5, 3, 10, new float[] {0.25f, -1f, 3e-8f},
                new float[] {1f, 2f, 3f, 4f, 5f, 6f}, outer, "train.workers=3\n", "sha256:abc",
                ModelSelection.State.initial());
    }

    @Test
    void theOuterOptimizersStateComesBackUnderItsNames() throws Exception {
        Map<String, float[]> adam = Map.of("server_first_moment", new float[] {0.1f, 0.2f, -0.3f},
                "server_second_moment", new float[] {1e-4f, 4e-4f, 9e-4f});
        Checkpoint back = Checkpoints.decode(Checkpoints.encode(checkpoint(adam)), "test");
        assertEquals(adam.keySet(), back.outerState().keySet());
        adam.forEach((name, values) -> assertArrayEquals(values, back.outerState().get(name), name));
        assertArrayEquals(new float[] {0.25f, -1f, 3e-8f}, back.parameters());
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, back.optimizerState());
        assertEquals(new Position(14, 1, 4, 24), back.position());
        assertEquals(0.5, back.learningRateScale());
        assertEquals("train.workers=3\n", back.config());
    }

    @Test
    void plainAveragingHasNoOuterStateAndOldCheckpointsEmptyBlockTensorsAreDropped() throws Exception {
        assertTrue(Checkpoints.decode(Checkpoints.encode(checkpoint(Map.of())), "test").outerState().isEmpty());
        // Before there were several outer optimizers, every checkpoint held BMUF's two tensors, empty unless BMUF.
        Map<String, float[]> old = Map.of("block_model", new float[0], "block_delta", new float[0]);
        assertTrue(Checkpoints.decode(Checkpoints.encode(checkpoint(old)), "test").outerState().isEmpty());
        Map<String, float[]> bmuf = Map.of("block_model", new float[] {1f, 2f, 3f}, "block_delta", new float[3]);
        Checkpoint back = Checkpoints.decode(Checkpoints.encode(checkpoint(bmuf)), "test");
        assertArrayEquals(new float[] {1f, 2f, 3f}, back.outerState().get("block_model"));
        assertArrayEquals(new float[3], back.outerState().get("block_delta"));
    }
}
