package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LstmCell}'s equations in float64 with the exact {@code Math} functions: the reference that the gradient
 * checks differentiate, one example row at a time. It lives with them: nothing else trains in float64.
 */
final class Float64Cell extends LstmCell {
    private final double[] gates;
    private final double[] cells;
    private final double[] tanhCells;
    private final double[] stage;
    private final double[] hidden1;
    private final double[] hidden2;
    private final double[] carry;
    private final double[] passed;
    private double[] biasSum;
    private final double[] pI, pF, pO;
    private final double[] dBias;
    private final double[] dPi, dPf, dPo;

    Float64Cell(int hidden, int steps, int maxBatch) {
        super(hidden);
        gates = new double[steps * maxBatch * 4 * hidden];
        cells = new double[(steps + 1) * maxBatch * hidden];
        tanhCells = new double[steps * maxBatch * hidden];
        stage = new double[maxBatch * 4 * hidden];
        hidden1 = new double[maxBatch * hidden];
        hidden2 = new double[maxBatch * hidden];
        carry = new double[maxBatch * hidden];
        passed = new double[maxBatch * hidden];
        pI = new double[hidden];
        pF = new double[hidden];
        pO = new double[hidden];
        dBias = new double[4 * hidden];
        dPi = new double[hidden];
        dPf = new double[hidden];
        dPo = new double[hidden];
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes, INDArray initialCells) {
        this.batch = batch;
        if (initialCells == null) {
            java.util.Arrays.fill(cells, 0, batch * hidden, 0.0);
        } else {
            HeapCopy.read(initialCells, cells, batch * hidden);
        }
        biasSum = HeapCopy.readAsDoubles(biasIh);
        double[] other = HeapCopy.readAsDoubles(biasHh);
        for (int j = 0; j < biasSum.length; j++) {
            biasSum[j] += other[j];
        }
        double[] all = peepholes != null ? HeapCopy.readAsDoubles(peepholes) : new double[3 * hidden];
        unpack(all, hidden, pI, pF, pO);
    }

    @Override
    void cellsAfter(int t, INDArray target) {
        int from = (t + 1) * batch * hidden;
        HeapCopy.write(java.util.Arrays.copyOfRange(cells, from, from + batch * hidden), batch * hidden, target);
    }

    @Override
    void forward(int t, int active, INDArray z, INDArray h) {
        final int n = hidden;
        HeapCopy.read(z, stage, active * 4 * n);
        System.arraycopy(cells, (t * batch + active) * n, cells, ((t + 1) * batch + active) * n,
                (batch - active) * n);
        for (int r = 0; r < active; r++) {
            final int zr = r * 4 * n;
            final int gr = (t * batch + r) * 4 * n;
            final int cPrev = (t * batch + r) * n;
            final int cNow = ((t + 1) * batch + r) * n;
            final int tr = (t * batch + r) * n;
            for (int j = 0; j < n; j++) {
                double cp = cells[cPrev + j];
                double i = sigmoid(stage[zr + j] + biasSum[j] + pI[j] * cp);
                double f = sigmoid(stage[zr + n + j] + biasSum[n + j] + pF[j] * cp);
                double g = Math.tanh(stage[zr + 2 * n + j] + biasSum[2 * n + j]);
                double c = f * cp + i * g;
                double o = sigmoid(stage[zr + 3 * n + j] + biasSum[3 * n + j] + pO[j] * c);
                double tc = Math.tanh(c);
                gates[gr + j] = i;
                gates[gr + n + j] = f;
                gates[gr + 2 * n + j] = g;
                gates[gr + 3 * n + j] = o;
                cells[cNow + j] = c;
                tanhCells[tr + j] = tc;
                hidden1[r * n + j] = o * tc;
            }
        }
        HeapCopy.write(hidden1, batch * n, h);
    }

    @Override
    void startBackward() {
        java.util.Arrays.fill(carry, 0, batch * hidden, 0.0);
        java.util.Arrays.fill(passed, 0, batch * hidden, 0.0);
        java.util.Arrays.fill(dBias, 0.0);
        java.util.Arrays.fill(dPi, 0.0);
        java.util.Arrays.fill(dPf, 0.0);
        java.util.Arrays.fill(dPo, 0.0);
    }

    @Override
    void backward(int t, int active, int activeNext, INDArray dhAbove, INDArray dhNext, INDArray dz) {
        final int n = hidden;
        int length = batch * n;
        int nextLength = activeNext * n;
        java.util.Arrays.fill(hidden1, 0, length, 0.0);
        if (dhAbove != null) {
            HeapCopy.read(dhAbove, hidden2, length);
            for (int k = 0; k < length; k++) {
                hidden1[k] += hidden2[k];
            }
        }
        if (dhNext != null && nextLength > 0) {
            HeapCopy.read(dhNext, hidden2, nextLength);
            for (int k = 0; k < nextLength; k++) {
                hidden1[k] += hidden2[k];
            }
        }
        for (int k = nextLength; k < length; k++) {
            hidden1[k] += passed[k];
        }
        System.arraycopy(hidden1, active * n, passed, active * n, length - active * n);
        java.util.Arrays.fill(stage, active * 4 * n, batch * 4 * n, 0.0);
        for (int r = 0; r < active; r++) {
            final int zr = r * 4 * n;
            final int gr = (t * batch + r) * 4 * n;
            final int cPrev = (t * batch + r) * n;
            final int cNow = ((t + 1) * batch + r) * n;
            final int tr = (t * batch + r) * n;
            final int hr = r * n;
            for (int j = 0; j < n; j++) {
                double i = gates[gr + j], f = gates[gr + n + j], g = gates[gr + 2 * n + j];
                double o = gates[gr + 3 * n + j];
                double tc = tanhCells[tr + j], cp = cells[cPrev + j];
                double dh = hidden1[hr + j];
                double dzo = dh * tc * o * (1 - o);
                double dc = carry[hr + j] + dh * o * (1 - tc * tc) + dzo * pO[j];
                double dzi = dc * g * i * (1 - i);
                double dzf = dc * cp * f * (1 - f);
                double dzg = dc * i * (1 - g * g);
                carry[hr + j] = dc * f + dzi * pI[j] + dzf * pF[j];
                stage[zr + j] = dzi;
                stage[zr + n + j] = dzf;
                stage[zr + 2 * n + j] = dzg;
                stage[zr + 3 * n + j] = dzo;
                dBias[j] += dzi;
                dBias[n + j] += dzf;
                dBias[2 * n + j] += dzg;
                dBias[3 * n + j] += dzo;
                dPi[j] += dzi * cp;
                dPf[j] += dzf * cp;
                dPo[j] += dzo * cells[cNow + j];
            }
        }
        HeapCopy.write(stage, batch * 4 * n, dz);
    }

    @Override
    void finishBackward(INDArray dBiasIh, INDArray dBiasHh, INDArray dPeepholes) {
        HeapCopy.write(dBias, dBias.length, dBiasIh);
        HeapCopy.write(dBias, dBias.length, dBiasHh);
        if (dPeepholes != null) {
            double[] all = new double[3 * hidden];
            pack(dPi, dPf, dPo, hidden, all);
            HeapCopy.write(all, all.length, dPeepholes);
        }
    }
}
