package io.github.sparklstm.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training cell: {@link LstmCell}'s equations in float32, laid out so that C2 vectorises every loop.
 *
 * <p>The matrix products hand over z and take back dz as [batch, 4H] rows (i f g o side by side in each example's
 * row). On the heap the cell keeps each gate as its own [batch, H] block, so that each elementwise loop runs over
 * all running examples at once (active·H values, 16,384 at batch 128) rather than H at a time. Two rules of the
 * JIT decide the layout (Java 17's C2): a loop is vectorised only when it is long enough for its unrolled vector
 * body (a sigmoid over one long run of values is about twice as fast per value as over rows of H), and only
 * when every array in it is indexed by the same expression, so the bias and the peephole weights are tiled to
 * [batch, H] once per batch rather than indexed by the position within a row. Rows move between the two layouts by
 * {@code System.arraycopy}, which the JIT turns into vector copies whatever the offsets.
 *
 * <p>Every value is the same expression in the same order as the row-by-row equations, and Java's float arithmetic
 * does not depend on vectorisation, so the layout changes no bit of the result.
 */
final class Float32Cell extends LstmCell {

    private final int maxBatch;
    private final float[][] gateI;     // per step, [batch, H] each, after activation
    private final float[][] gateF;
    private final float[][] gateG;
    private final float[][] gateO;
    private final float[][] cells;     // c(-1) = 0, then c(0) .. c(T-1)
    private final float[][] tanhCells;
    private final float[] stage;       // one step's z or dz as [batch, 4H] rows
    private final float[] row;         // one example's 4H values of dz
    private final float[] hidden1;     // one step's h, or dh
    private final float[] hidden2;     // dh from the other source
    private final float[] carry;       // dc carried from t+1 to t
    private final float[] passed;      // dh of finished examples, passed down through their padding
    private final float[] dzI, dzF, dzG, dzO;
    private final float[] biasI, biasF, biasG, biasO;   // b_ih + b_hh tiled to [batch, H] per gate
    private final float[] peepI, peepF, peepO;         // peephole weights tiled likewise (zero without them)
    private final float[] bias;
    private final float[] dBias;
    private final float[] dPi, dPf, dPo;
    private final float[] products;
    private final float[] biasScratch;
    private final float[] peepholeScratch;
    private boolean peepholes;

    Float32Cell(int hidden, int steps, int maxBatch) {
        super(hidden);
        this.maxBatch = maxBatch;
        int block = maxBatch * hidden;
        gateI = new float[steps][block];
        gateF = new float[steps][block];
        gateG = new float[steps][block];
        gateO = new float[steps][block];
        cells = new float[steps + 1][block];
        tanhCells = new float[steps][block];
        stage = new float[4 * block];
        row = new float[4 * hidden];
        hidden1 = new float[block];
        hidden2 = new float[block];
        carry = new float[block];
        passed = new float[block];
        dzI = new float[block];
        dzF = new float[block];
        dzG = new float[block];
        dzO = new float[block];
        biasI = new float[block];
        biasF = new float[block];
        biasG = new float[block];
        biasO = new float[block];
        peepI = new float[block];
        peepF = new float[block];
        peepO = new float[block];
        bias = new float[4 * hidden];
        dBias = new float[4 * hidden];
        dPi = new float[hidden];
        dPf = new float[hidden];
        dPo = new float[hidden];
        products = new float[hidden];
        biasScratch = new float[4 * hidden];
        peepholeScratch = new float[3 * hidden];
    }

    @Override
    void startForward(int batch, INDArray biasIh, INDArray biasHh, INDArray peepholes, INDArray initialCells) {
        this.batch = batch;
        final int n = hidden;
        if (initialCells == null) {
            Arrays.fill(cells[0], 0, batch * n, 0f);
        } else {
            HeapCopy.read(initialCells, cells[0], batch * n);
        }
        HeapCopy.read(biasIh, bias, bias.length);
        HeapCopy.read(biasHh, biasScratch, biasScratch.length);
        for (int j = 0; j < bias.length; j++) {
            bias[j] += biasScratch[j];
        }
        tile(bias, 0, biasI);
        tile(bias, n, biasF);
        tile(bias, 2 * n, biasG);
        tile(bias, 3 * n, biasO);
        boolean had = this.peepholes;
        this.peepholes = peepholes != null;
        if (this.peepholes) {
            HeapCopy.read(peepholes, peepholeScratch, peepholeScratch.length);
            tile(peepholeScratch, 0, peepI);
            tile(peepholeScratch, n, peepF);
            tile(peepholeScratch, 2 * n, peepO);
        } else if (had) {
            Arrays.fill(peepI, 0f);
            Arrays.fill(peepF, 0f);
            Arrays.fill(peepO, 0f);
        }
    }

    @Override
    void cellsAfter(int t, INDArray target) {
        HeapCopy.write(cells[t + 1], batch * hidden, target);
    }

    /* H values of {@code source} from {@code from}, repeated for every example of the largest batch. */
    private void tile(float[] source, int from, float[] tiled) {
        for (int r = 0; r < maxBatch; r++) {
            System.arraycopy(source, from, tiled, r * hidden, hidden);
        }
    }

    @Override
    void forward(int t, int active, INDArray z, INDArray h) {
        final int n = hidden;
        final int m = active * n;
        final float[] i = gateI[t], f = gateF[t], g = gateG[t], o = gateO[t];
        final float[] cPrev = cells[t], cNow = cells[t + 1], tc = tanhCells[t], hs = hidden1;
        final float[] bi = biasI, bf = biasF, bg = biasG, bo = biasO, pi = peepI, pf = peepF, po = peepO;
        HeapCopy.read(z, stage, active * 4 * n);
        for (int r = 0; r < active; r++) {
            int zr = r * 4 * n;
            int hr = r * n;
            System.arraycopy(stage, zr, i, hr, n);
            System.arraycopy(stage, zr + n, f, hr, n);
            System.arraycopy(stage, zr + 2 * n, g, hr, n);
            System.arraycopy(stage, zr + 3 * n, o, hr, n);
        }
        if (peepholes) {
            for (int k = 0; k < m; k++) {
                i[k] = FastMath32.sigmoid(i[k] + bi[k] + pi[k] * cPrev[k]);
            }
            for (int k = 0; k < m; k++) {
                f[k] = FastMath32.sigmoid(f[k] + bf[k] + pf[k] * cPrev[k]);
            }
        } else {
            for (int k = 0; k < m; k++) {
                i[k] = FastMath32.sigmoid(i[k] + bi[k]);
            }
            for (int k = 0; k < m; k++) {
                f[k] = FastMath32.sigmoid(f[k] + bf[k]);
            }
        }
        for (int k = 0; k < m; k++) {
            g[k] = FastMath32.tanh(g[k] + bg[k]);
        }
        for (int k = 0; k < m; k++) {
            cNow[k] = f[k] * cPrev[k] + i[k] * g[k];
        }
        if (peepholes) {
            for (int k = 0; k < m; k++) {
                o[k] = FastMath32.sigmoid(o[k] + bo[k] + po[k] * cNow[k]);
            }
        } else {
            for (int k = 0; k < m; k++) {
                o[k] = FastMath32.sigmoid(o[k] + bo[k]);
            }
        }
        for (int k = 0; k < m; k++) {
            tc[k] = FastMath32.tanh(cNow[k]);
        }
        for (int k = 0; k < m; k++) {
            hs[k] = o[k] * tc[k];
        }
        // Finished examples: c is carried here, h stays in hs from the step before.
        System.arraycopy(cPrev, m, cNow, m, (batch - active) * n);
        HeapCopy.write(hs, batch * n, h);
    }

    @Override
    void startBackward() {
        Arrays.fill(carry, 0, batch * hidden, 0f);
        Arrays.fill(passed, 0, batch * hidden, 0f);
        Arrays.fill(dBias, 0f);
        Arrays.fill(dPi, 0f);
        Arrays.fill(dPf, 0f);
        Arrays.fill(dPo, 0f);
    }

    @Override
    void backward(int t, int active, int activeNext, INDArray dhAbove, INDArray dhNext, INDArray dz) {
        final int n = hidden;
        final int m = active * n;
        final float[] dh = hidden1;
        loadHiddenGradient(dhAbove, dhNext, dh, hidden2, activeNext * n);
        for (int k = activeNext * n; k < batch * n; k++) {
            dh[k] += passed[k];
        }
        // Padding: h(t) = h(t-1) hands dh down whole; dc stays zero, since a carried c reaches no output.
        System.arraycopy(dh, m, passed, m, (batch - active) * n);
        gateGradients(t, m);
        // Rows again for the matrix products; the bias gradient sums each example's row in order.
        final float[] dzs = stage, one = row, db = dBias;
        for (int r = 0; r < active; r++) {
            int hr = r * n;
            System.arraycopy(dzI, hr, one, 0, n);
            System.arraycopy(dzF, hr, one, n, n);
            System.arraycopy(dzG, hr, one, 2 * n, n);
            System.arraycopy(dzO, hr, one, 3 * n, n);
            for (int j = 0; j < 4 * n; j++) {
                db[j] += one[j];
            }
            System.arraycopy(one, 0, dzs, r * 4 * n, 4 * n);
        }
        if (peepholes) {
            for (int r = 0; r < active; r++) {
                int hr = r * n;
                accumulateProducts(dPi, dzI, cells[t], hr);
                accumulateProducts(dPf, dzF, cells[t], hr);
                accumulateProducts(dPo, dzO, cells[t + 1], hr);
            }
        }
        Arrays.fill(dzs, active * 4 * n, batch * 4 * n, 0f);
        HeapCopy.write(dzs, batch * 4 * n, dz);
    }

    /*
     * The gate gradients of the running examples. Three loops rather than one: C2 vectorises a loop only after
     * unrolling it, and it does not unroll a body as large as the whole derivative. Without peepholes their
     * weights are zero, and the terms add exactly nothing.
     */
    private void gateGradients(int t, int m) {
        final float[] gi = gateI[t], gf = gateF[t], gg = gateG[t], go = gateO[t];
        final float[] tcs = tanhCells[t], cPrev = cells[t], dh = hidden1, dc = carry;
        final float[] di = dzI, df = dzF, dg = dzG, dOut = dzO, pi = peepI, pf = peepF, po = peepO;
        for (int k = 0; k < m; k++) {
            float o = go[k], tc = tcs[k], dhk = dh[k];
            float dzo = dhk * tc * o * (1f - o);
            dOut[k] = dzo;
            dc[k] = dc[k] + dhk * o * (1f - tc * tc) + dzo * po[k];
        }
        for (int k = 0; k < m; k++) {
            float i = gi[k], g = gg[k], dck = dc[k];
            di[k] = dck * g * i * (1f - i);
            dg[k] = dck * i * (1f - g * g);
        }
        for (int k = 0; k < m; k++) {
            float f = gf[k], dck = dc[k];
            float dzf = dck * cPrev[k] * f * (1f - f);
            df[k] = dzf;
            dc[k] = dck * f + di[k] * pi[k] + dzf * pf[k];
        }
    }

    /* sum += one example's dz of a gate times its cell values, through a row at offset 0 (same index each). */
    private void accumulateProducts(float[] sum, float[] dzGate, float[] cell, int hr) {
        final float[] p = products;
        for (int j = 0; j < hidden; j++) {
            p[j] = dzGate[hr + j] * cell[hr + j];
        }
        for (int j = 0; j < hidden; j++) {
            sum[j] += p[j];
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
            Arrays.fill(dh, fromNext ? nextLength : 0, length, 0f);
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
