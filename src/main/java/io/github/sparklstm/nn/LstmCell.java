package io.github.sparklstm.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise half of an LSTM layer, one time step at a time: gates, cell and hidden state forward, and their
 * derivatives backward. The matrix products around it are in {@link LstmLayer}.
 *
 * <p>Forward, for one example, with z = x·W_ihᵀ + h(t-1)·W_hhᵀ + b_ih + b_hh split as [z_i, z_f, z_g, z_o] and
 * peephole vectors p_i, p_f, p_o (zero when the layer has none):
 * <pre>
 *   i = σ(z_i + p_i⊙c(t-1))     f = σ(z_f + p_f⊙c(t-1))     g = tanh(z_g)
 *   c(t) = f⊙c(t-1) + i⊙g
 *   o = σ(z_o + p_o⊙c(t))       h(t) = o⊙tanh(c(t))
 * </pre>
 * Backward, given dh = ∂L/∂h(t) (from the layer above and from step t+1) and the carried dc = ∂L/∂c(t) from t+1:
 * <pre>
 *   dz_o = dh⊙tanh(c)⊙o(1-o)
 *   dc  += dh⊙o⊙(1-tanh²(c)) + dz_o⊙p_o
 *   dz_i = dc⊙g⊙i(1-i)      dz_f = dc⊙c(t-1)⊙f(1-f)      dz_g = dc⊙i⊙(1-g²)
 *   carried to t-1:  dc(t-1) = dc⊙f + dz_i⊙p_i + dz_f⊙p_f
 *   db_ih = db_hh = Σ dz     dp_i = Σ dz_i⊙c(t-1)    dp_f = Σ dz_f⊙c(t-1)    dp_o = Σ dz_o⊙c(t)
 * </pre>
 * Gate activations, cells and tanh(c) of every step are kept on the heap between forward and backward.
 *
 * <p>Sequences of different lengths run longest first, so the examples still running at step t are the leading
 * {@code active} rows. A finished example's state is carried unchanged, h(t) = h(t-1) and c(t) = c(t-1), so the
 * last step's h is each example's own last hidden state. Backward, a carried h passes its gradient straight to the
 * step where the example ended, and the padded steps' dz are zero: they change no parameter or input gradient.
 *
 * <p>Java has no generics over primitives, so the same equations exist twice: {@link Float32} for training (fast
 * vectorisable activations) and {@link Float64} (exact {@code Math} functions) for gradient checks. A test holds
 * the two to the same results.
 */
abstract class LstmCell {

    final int hidden;
    int batch;

    private LstmCell(int hidden) {
        this.hidden = hidden;
    }

    /* Peepholes travel as one [3, H] tensor (rows i, f, o) and are used as three vectors; either array type. */
    static void unpack(Object all, int h, Object i, Object f, Object o) {
        System.arraycopy(all, 0, i, 0, h);
        System.arraycopy(all, h, f, 0, h);
        System.arraycopy(all, 2 * h, o, 0, h);
    }

    static void pack(Object i, Object f, Object o, int h, Object all) {
        System.arraycopy(i, 0, all, 0, h);
        System.arraycopy(f, 0, all, h, h);
        System.arraycopy(o, 0, all, 2 * h, h);
    }

    static LstmCell create(Precision precision, int hidden, int steps, int maxBatch) {
        return precision == Precision.FLOAT32
                ? new Float32(hidden, steps, maxBatch)
                : new Float64(hidden, steps, maxBatch);
    }

    /**
     * Begins a sequence of {@code batch} examples from zero state. The biases are added here rather than by the
     * matrix product, where they would cost a separate pass over [steps·batch, 4H]; {@code peepholes} is [3, H] or
     * null.
     */
    abstract void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes);

    /**
     * Step t: reads z = x·W_ihᵀ + h(t-1)·W_hhᵀ [batch, 4H] (no biases yet) for the leading {@code active} rows,
     * writes h(t) [batch, H]: new for those rows, carried for the rest.
     */
    abstract void forward(int t, int active, INDArray z, INDArray h);

    abstract void startBackward();

    /**
     * Step t, in reverse order: dh(t) is the sum of {@code dhAbove} and {@code dhNext} (either may be null); only
     * the leading {@code activeNext} rows of {@code dhNext} (those that ran step t+1) are read, the others take the
     * gradient carried through their padding. Writes dz [batch, 4H], zero past the leading {@code active} rows.
     */
    abstract void backward(int t, int active, int activeNext, INDArray dhAbove, INDArray dhNext, INDArray dz);

    /** Stores the bias (and peephole) gradients summed over all steps and examples. */
    abstract void finishBackward(INDArray dBiasIh, INDArray dBiasHh, INDArray dPeepholes);

    static final class Float32 extends LstmCell {
        /*
         * Per-step arrays, indexed [example·4H + gate·H + j] and [example·H + j], so that every loop below reads
         * and writes its arrays at the same offset: C2's SuperWord then vectorises them (with offsets that differ
         * per array it gave up, and the forward step cost 6x more).
         */
        private final float[][] gates;     // i f g o after activation, per step
        private final float[][] cells;     // c(-1) = 0, then c(0) .. c(T-1)
        private final float[][] tanhCells;
        private final float[] stage;       // one step's z or dz
        private final float[] hidden1;     // one step's h, or dh
        private final float[] hidden2;     // dh from the other source
        private final float[] carry;       // dc carried from t+1 to t
        private final float[] passed;      // dh of finished examples, passed down through their padding
        private final float[] bias;
        private final float[] pI, pF, pO;
        private final float[] dBias;
        private final float[] dPi, dPf, dPo;
        private final float[] biasScratch;
        private final float[] peepholeScratch;
        private boolean peepholes;

        Float32(int hidden, int steps, int maxBatch) {
            super(hidden);
            gates = new float[steps][maxBatch * 4 * hidden];
            cells = new float[steps + 1][maxBatch * hidden];
            tanhCells = new float[steps][maxBatch * hidden];
            stage = new float[maxBatch * 4 * hidden];
            hidden1 = new float[maxBatch * hidden];
            hidden2 = new float[maxBatch * hidden];
            carry = new float[maxBatch * hidden];
            passed = new float[maxBatch * hidden];
            bias = new float[4 * hidden];
            pI = new float[hidden];
            pF = new float[hidden];
            pO = new float[hidden];
            dBias = new float[4 * hidden];
            dPi = new float[hidden];
            dPf = new float[hidden];
            dPo = new float[hidden];
            biasScratch = new float[4 * hidden];
            peepholeScratch = new float[3 * hidden];
        }

        @Override
        void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes) {
            this.batch = batch;
            java.util.Arrays.fill(cells[0], 0, batch * hidden, 0f);
            float[] other = biasScratch;
            HeapCopy.read(biasIh, bias, bias.length);
            HeapCopy.read(biasHh, other, other.length);
            for (int j = 0; j < bias.length; j++) {
                bias[j] += other[j];
            }
            this.peepholes = peepholes != null;
            if (this.peepholes) {
                HeapCopy.read(peepholes, peepholeScratch, peepholeScratch.length);
                unpack(peepholeScratch, hidden, pI, pF, pO);
            } else {
                java.util.Arrays.fill(pI, 0f);
                java.util.Arrays.fill(pF, 0f);
                java.util.Arrays.fill(pO, 0f);
            }
        }

        @Override
        void forward(int t, int active, INDArray z, INDArray h) {
            final int n = hidden;
            final float[] a = stage, b = bias, hs = hidden1;
            final float[] cPrev = cells[t], cNow = cells[t + 1], tc = tanhCells[t];
            HeapCopy.read(z, a, active * 4 * n);
            for (int r = 0; r < active; r++) {
                final int zr = r * 4 * n;
                final int hr = r * n;
                for (int j = 0; j < 4 * n; j++) {
                    a[zr + j] += b[j];
                }
                if (peepholes) {
                    addPeephole(a, zr, pI, cPrev, hr);
                    addPeephole(a, zr + n, pF, cPrev, hr);
                }
                for (int j = 0; j < 2 * n; j++) {
                    a[zr + j] = FastMath32.sigmoid(a[zr + j]);
                }
                for (int j = 2 * n; j < 3 * n; j++) {
                    a[zr + j] = FastMath32.tanh(a[zr + j]);
                }
                cellUpdate(a, zr, n, cPrev, cNow, hr);
                if (peepholes) {
                    addPeephole(a, zr + 3 * n, pO, cNow, hr);
                }
                for (int j = 3 * n; j < 4 * n; j++) {
                    a[zr + j] = FastMath32.sigmoid(a[zr + j]);
                }
                for (int j = 0; j < n; j++) {
                    tc[hr + j] = FastMath32.tanh(cNow[hr + j]);
                }
                for (int j = 0; j < n; j++) {
                    hs[hr + j] = a[zr + 3 * n + j] * tc[hr + j];
                }
            }
            // Finished examples: c is carried here, h stays in hs from the step before.
            System.arraycopy(cPrev, active * n, cNow, active * n, (batch - active) * n);
            System.arraycopy(a, 0, gates[t], 0, active * 4 * n);
            HeapCopy.write(hs, batch * n, h);
        }

        /* c(t) = f⊙c(t-1) + i⊙g for one example. */
        private static void cellUpdate(float[] a, int zr, int n, float[] cPrev, float[] cNow, int hr) {
            for (int j = 0; j < n; j++) {
                cNow[hr + j] = a[zr + n + j] * cPrev[hr + j] + a[zr + j] * a[zr + 2 * n + j];
            }
        }

        private static void addPeephole(float[] a, int at, float[] weights, float[] cell, int hr) {
            for (int j = 0; j < weights.length; j++) {
                a[at + j] += weights[j] * cell[hr + j];
            }
        }

        @Override
        void startBackward() {
            java.util.Arrays.fill(carry, 0, batch * hidden, 0f);
            java.util.Arrays.fill(passed, 0, batch * hidden, 0f);
            java.util.Arrays.fill(dBias, 0f);
            java.util.Arrays.fill(dPi, 0f);
            java.util.Arrays.fill(dPf, 0f);
            java.util.Arrays.fill(dPo, 0f);
        }

        @Override
        void backward(int t, int active, int activeNext, INDArray dhAbove, INDArray dhNext, INDArray dz) {
            final int n = hidden;
            final float[] dh = hidden1, dzs = stage, g = gates[t], cPrev = cells[t], cNow = cells[t + 1];
            final float[] tcs = tanhCells[t], dc = carry, db = dBias, pi = pI, pf = pF, po = pO;
            loadHiddenGradient(dhAbove, dhNext, dh, hidden2, activeNext * n);
            for (int k = activeNext * n; k < batch * n; k++) {
                dh[k] += passed[k];
            }
            // Padding: h(t) = h(t-1) hands dh down whole; dc stays zero, since a carried c reaches no output.
            System.arraycopy(dh, active * n, passed, active * n, (batch - active) * n);
            java.util.Arrays.fill(dzs, active * 4 * n, batch * 4 * n, 0f);
            for (int r = 0; r < active; r++) {
                final int zr = r * 4 * n;
                final int hr = r * n;
                for (int j = 0; j < n; j++) {
                    float i = g[zr + j], f = g[zr + n + j], gg = g[zr + 2 * n + j], o = g[zr + 3 * n + j];
                    float tc = tcs[hr + j], cp = cPrev[hr + j];
                    float dhj = dh[hr + j];
                    float dzo = dhj * tc * o * (1f - o);
                    float dcj = dc[hr + j] + dhj * o * (1f - tc * tc) + dzo * po[j];
                    float dzi = dcj * gg * i * (1f - i);
                    float dzf = dcj * cp * f * (1f - f);
                    float dzg = dcj * i * (1f - gg * gg);
                    dc[hr + j] = dcj * f + dzi * pi[j] + dzf * pf[j];
                    dzs[zr + j] = dzi;
                    dzs[zr + n + j] = dzf;
                    dzs[zr + 2 * n + j] = dzg;
                    dzs[zr + 3 * n + j] = dzo;
                }
                for (int j = 0; j < 4 * n; j++) {
                    db[j] += dzs[zr + j];
                }
                if (peepholes) {
                    accumulatePeephole(dPi, dzs, zr, cPrev, hr);
                    accumulatePeephole(dPf, dzs, zr + n, cPrev, hr);
                    accumulatePeephole(dPo, dzs, zr + 3 * n, cNow, hr);
                }
            }
            HeapCopy.write(dzs, batch * 4 * n, dz);
        }

        private static void accumulatePeephole(float[] grad, float[] dzs, int at, float[] cell, int hr) {
            for (int j = 0; j < grad.length; j++) {
                grad[j] += dzs[at + j] * cell[hr + j];
            }
        }

        /* dh = above + the leading nextLength values of next. */
        private void loadHiddenGradient(INDArray above, INDArray next, float[] dh, float[] other, int nextLength) {
            int length = batch * hidden;
            boolean fromNext = next != null && nextLength > 0;
            if (above == null) {
                if (fromNext) {
                    HeapCopy.read(next, dh, nextLength);
                }
                java.util.Arrays.fill(dh, fromNext ? nextLength : 0, length, 0f);
                return;
            }
            HeapCopy.read(above, dh, length);
            if (fromNext) {
                HeapCopy.read(next, other, nextLength);
                for (int k = 0; k < nextLength; k++) {
                    dh[k] += other[k];
                }
            }
        }

        @Override
        void finishBackward(INDArray dBiasIh, INDArray dBiasHh, INDArray dPeepholes) {
            HeapCopy.write(dBias, dBias.length, dBiasIh);
            HeapCopy.write(dBias, dBias.length, dBiasHh);
            if (dPeepholes != null) {
                pack(dPi, dPf, dPo, hidden, peepholeScratch);
                HeapCopy.write(peepholeScratch, peepholeScratch.length, dPeepholes);
            }
        }
    }

    static final class Float64 extends LstmCell {
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

        Float64(int hidden, int steps, int maxBatch) {
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
        void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes) {
            this.batch = batch;
            java.util.Arrays.fill(cells, 0, batch * hidden, 0.0);
            biasSum = HeapCopy.readAsDoubles(biasIh);
            double[] other = HeapCopy.readAsDoubles(biasHh);
            for (int j = 0; j < biasSum.length; j++) {
                biasSum[j] += other[j];
            }
            double[] all = peepholes != null ? HeapCopy.readAsDoubles(peepholes) : new double[3 * hidden];
            unpack(all, hidden, pI, pF, pO);
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
}
