package io.github.sparklstm.nn;

import org.nd4j.linalg.api.buffer.DataType;

/** Number format of parameters and activations: float32 trains, float64 checks gradients with the same code. */
public enum Precision {
    FLOAT32(DataType.FLOAT),
    FLOAT64(DataType.DOUBLE);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }
}
