package io.github.sparklstm.distributed.scoring;

import io.github.sparklstm.nn.LstmNetwork;
import io.github.sparklstm.nn.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An executor thread's networks, one per broadcast model, kept from task to task. One per model rather than one
 * per thread: two transforms chained in one stage (two checkpoints of a run scoring the same rows, say) pull rows
 * through each other's iterators on the same thread, and a shared network would hold whichever weights were loaded
 * last.
 */
final class ThreadNetworks {

    private static final int KEPT = 4;

    private static final ThreadLocal<Map<Long, LstmNetwork>> NETWORKS = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, LstmNetwork> eldest) {
                    return size() > KEPT;
                }
            });

    private ThreadNetworks() {
    }

    /**
     * This thread's network for the model broadcast as {@code id}, with room for at least {@code steps} steps and
     * batches of {@code maxBatch}, holding {@code parameters}.
     */
    static LstmNetwork of(long id, ModelSpec spec, int steps, int maxBatch, float[] parameters) {
        Map<Long, LstmNetwork> networks = NETWORKS.get();
        LstmNetwork network = networks.get(id);
        if (network == null || network.steps() < steps || network.maxBatch() != maxBatch) {
            network = LstmNetwork.create(spec, steps, maxBatch);
            network.parameters().copyFrom(parameters);
            networks.put(id, network);
        }
        return network;
    }
}
