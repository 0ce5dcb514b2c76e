package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first n rows of a preallocated matrix, as a view made again only when n changes. Making an ND4J view
 * allocates its shape descriptors off-heap, and a training step would otherwise make several; n changes once an
 * epoch (the last, partial minibatch).
 */
final class LeadingRows {

    private final INDArray store;
    private long rows = -1;
    private INDArray view;

    LeadingRows(INDArray store) {
        this.store = store;
    }

    INDArray first(long n) {
        if (n != rows) {
            view = LstmLayer.rows(store, 0, n);
            rows = n;
        }
        return view;
    }
}
