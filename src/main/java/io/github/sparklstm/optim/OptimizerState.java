package io.github.sparklstm.optim;

import io.github.sparklstm.nn.FlatBuffer;
import io.github.sparklstm.nn.ParameterLayout;
import io.github.sparklstm.nn.Precision;

/**
 * An optimizer's memory: zero or more flat buffers with the parameter layout (momentum, Adam's moments, RMSProp's
 * mean square), and the number of updates applied since the state was last reset (Adam's bias correction). Being
 * flat buffers, replicas' states average like parameters do.
 */
public final class OptimizerState {

    private final FlatBuffer[] slots;
    private long updates;

    OptimizerState(ParameterLayout layout, Precision precision, int slotCount) {
        slots = new FlatBuffer[slotCount];
        for (int k = 0; k < slotCount; k++) {
            slots[k] = FlatBuffer.zeros(layout, precision);
        }
    }

    public int slotCount() {
        return slots.length;
    }

    public FlatBuffer slot(int k) {
        return slots[k];
    }

    public long updates() {
        return updates;
    }

    public void setUpdates(long updates) {
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be non-negative, got " + updates);
        }
        this.updates = updates;
    }

    void countUpdate() {
        updates++;
    }

    /** Back to the state of a fresh optimizer. */
    public void reset() {
        for (FlatBuffer slot : slots) {
            slot.setZero();
        }
        updates = 0;
    }

    /** All slots back to back, as one array of {@code slotCount() × layout size} floats. */
    public float[] toFloatArray() {
        int size = slots.length == 0 ? 0 : slots[0].layout().size();
        float[] all = new float[slots.length * size];
        for (int k = 0; k < slots.length; k++) {
            System.arraycopy(slots[k].toFloatArray(), 0, all, k * size, size);
        }
        return all;
    }

    /** Inverse of {@link #toFloatArray()}. */
    public void copyFrom(float[] all, long updates) {
        int size = slots.length == 0 ? 0 : slots[0].layout().size();
        if (all.length != slots.length * size) {
            throw new IllegalArgumentException("optimizer state of " + all.length + " values; this optimizer keeps "
                    + slots.length + " x " + size);
        }
        for (int k = 0; k < slots.length; k++) {
            float[] part = new float[size];
            System.arraycopy(all, k * size, part, 0, size);
            slots[k].copyFrom(part);
        }
        setUpdates(updates);
    }
}
