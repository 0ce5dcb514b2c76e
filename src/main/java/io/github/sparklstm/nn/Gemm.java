package io.github.sparklstm.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * C = α·op(A)·op(B) + β·C on ND4J arrays, straight into the OpenBLAS that ND4J itself loads. {@code Nd4j.gemm}
 * builds a matmul op object, its shape descriptors and an op context on every call, and a training step makes
 * dozens of calls; this costs one JNI call (jobs/bench.sh times the step's products alone beside the step). Operands
 * are row-major matrices whose rows are adjacent (row blocks of c-order arrays, as every buffer here is).
 */
final class Gemm {

    private Gemm() {
    }

    static void multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                         double beta) {
        int m = (int) (transposeA ? a.size(1) : a.size(0));
        int k = (int) (transposeA ? a.size(0) : a.size(1));
        int kB = (int) (transposeB ? b.size(1) : b.size(0));
        int n = (int) (transposeB ? b.size(0) : b.size(1));
        if (k != kB || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: " + shape(a, transposeA) + " x "
                    + shape(b, transposeB) + " -> [" + c.size(0) + ", " + c.size(1) + "]");
        }
        int lda = rowStride(a);
        int ldb = rowStride(b);
        int ldc = rowStride(c);
        int ta = transposeA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transposeB ? openblas.CblasTrans : openblas.CblasNoTrans;
        DataType type = c.dataType();
        if (a.dataType() != type || b.dataType() != type) {
            throw new IllegalArgumentException("gemm operands of mixed types: " + a.dataType() + ", " + b.dataType()
                    + ", " + type);
        }
        if (type == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, m, n, k, (float) alpha,
                    (FloatPointer) a.data().addressPointer(), lda, (FloatPointer) b.data().addressPointer(), ldb,
                    (float) beta, (FloatPointer) c.data().addressPointer(), ldc);
        } else if (type == DataType.DOUBLE) {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, m, n, k, alpha,
                    (DoublePointer) a.data().addressPointer(), lda, (DoublePointer) b.data().addressPointer(), ldb,
                    beta, (DoublePointer) c.data().addressPointer(), ldc);
        } else {
            throw new IllegalArgumentException("gemm on " + type + " is not supported");
        }
    }

    /* The distance between rows; a single row's stride is meaningless to ND4J, so use its length. */
    private static int rowStride(INDArray matrix) {
        boolean rowsAdjacentInside = matrix.size(1) <= 1 || matrix.stride(1) == 1;
        boolean rowsApart = matrix.size(0) <= 1 || matrix.stride(0) >= matrix.size(1);
        if (matrix.rank() != 2 || !rowsAdjacentInside || !rowsApart) {
            throw new IllegalArgumentException("gemm needs a row-major matrix with adjacent elements in each row, got "
                    + "shape " + java.util.Arrays.toString(matrix.shape()) + " stride "
                    + java.util.Arrays.toString(matrix.stride()));
        }
        return (int) (matrix.size(0) > 1 ? matrix.stride(0) : matrix.size(1));
    }

    private static String shape(INDArray matrix, boolean transposed) {
        return transposed ? "[" + matrix.size(1) + ", " + matrix.size(0) + "]"
                : "[" + matrix.size(0) + ", " + matrix.size(1) + "]";
    }
}
