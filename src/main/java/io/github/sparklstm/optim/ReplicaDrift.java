package io.github.sparklstm.optim;

/**
 * How far the replicas of a round drifted apart, from one number each replica sends and one the driver computes.
 * With xᵢ a replica after the round, x₀ its start and x̄ the example-weighted average, the replicas' mean squared
 * movement splits exactly into the average's movement and the replicas' spread around it:
 * <pre>
 *   Σ wᵢ‖xᵢ − x₀‖² / Σ wᵢ  =  ‖x̄ − x₀‖²  +  Σ wᵢ‖xᵢ − x̄‖² / Σ wᵢ
 * </pre>
 * The drift is the spread's share of the movement: 0 when every replica moved the same way, about 1 − 1/W for W
 * replicas that moved independently, 1 when averaging cancels everything they did. It is what a longer averaging
 * period costs: the part of the replicas' work that the average throws away.
 */
public final class ReplicaDrift {

    private ReplicaDrift() {
    }

    /** ‖a − b‖², in double. */
    public static double squaredDistance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    /**
     * The drift of a round: {@code weightedSquaredMovement} is Σ wᵢ‖xᵢ − x₀‖² over the replicas, {@code examples}
     * is Σ wᵢ, {@code average} is x̄ and {@code start} x₀.
     */
    public static double ofRound(double weightedSquaredMovement, long examples, float[] average, float[] start) {
        return share(weightedSquaredMovement / examples, squaredDistance(average, start));
    }

    /**
     * The spread's share of the movement, given the replicas' example-weighted mean squared movement and the
     * average's squared movement; 0 for replicas that did not move. Rounding can push the difference of the two
     * slightly below zero: the share is clamped to [0, 1].
     */
    public static double share(double meanSquaredMovement, double averageSquaredMovement) {
        if (!(meanSquaredMovement > 0)) {
            return 0;
        }
        return Math.min(1, Math.max(0, 1 - averageSquaredMovement / meanSquaredMovement));
    }
}
