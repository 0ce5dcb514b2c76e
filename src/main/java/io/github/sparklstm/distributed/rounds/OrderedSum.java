package io.github.sparklstm.distributed.rounds;

import io.github.sparklstm.optim.WeightedSum;
import java.io.Serializable;
import java.util.TreeMap;

/**
 * An example-weighted sum of the partitions' contributions whose floating-point result does not depend on the
 * order Spark delivers them in. Additions follow one fixed binary tree over the partition indices: a node holds
 * the sum of leaves [i·2^level, (i+1)·2^level) and is formed only as (left child + right child) once both exist.
 * treeAggregate and retried tasks may combine partial sums in any grouping and order; every node is still computed
 * by the same additions, so the root is bit-identical run to run.
 *
 * <p>The arithmetic is {@link WeightedSum}'s; this class only fixes the order of the additions.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public final class OrderedSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * treeAggregate's depth for {@code partitions}: the driver adds the partitions' contributions itself up to 32
     * of them, and only beyond lets executors add partial sums first: below that the extra stage of depth 2 costs
     * more than it saves (jobs/bench.sh --round-cost, on local Spark and on a standalone cluster). The sum's bits
     * do not depend on the depth.
     */
    static int depth(int partitions) {
        return partitions <= 32 ? 1 : 2;
    }

    /** A subtree's totals: the weighted sum of its replicas' values, and its training statistics. */
    public static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        final int level;
        final int index;
        public final WeightedSum values;
        public double lossSum;
        /** Predictions scored: the examples, or a per-step model's labelled steps. */
        public long scored;
        public double weightedSquaredMovement;
        public long correct;
        public int batches;
        public long maxComputeNanos;
        public long sumComputeNanos;
        public long maxSetupNanos;
        public long maxPackNanos;
        public int partitionsWithWork;
        public boolean diverged;

        Node(int level, int index, WeightedSum values) {
            this.level = level;
            this.index = index;
            this.values = values;
        }

        /** Examples trained on in the subtree: the weight of its sum. */
        public long examples() {
            return values.weight();
        }

        long key() {
            return ((long) level << 32) | index;
        }
    }

    /** Spark's seqOp and combOp, as objects rather than lambdas (see JobRounds.Items). */
    static final Adder ADD = new Adder();
    static final Merger MERGE = new Merger();

    static final class Adder implements org.apache.spark.api.java.function.Function2<OrderedSum, Contribution,
            OrderedSum> {
        private static final long serialVersionUID = 1L;

        @Override
        public OrderedSum call(OrderedSum sum, Contribution contribution) {
            return sum.add(contribution);
        }
    }

    static final class Merger implements org.apache.spark.api.java.function.Function2<OrderedSum, OrderedSum,
            OrderedSum> {
        private static final long serialVersionUID = 1L;

        @Override
        public OrderedSum call(OrderedSum a, OrderedSum b) {
            return a.merge(b);
        }
    }

    private final int partitions;
    private final TreeMap<Long, Node> nodes = new TreeMap<>();

    OrderedSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("need at least one partition, got " + partitions);
        }
        this.partitions = partitions;
    }

    /** Adds one partition's contribution as a leaf (Spark's seqOp). */
    OrderedSum add(Contribution c) {
        var stats = c.stats();
        int p = c.parameters().length;
        float[] values = java.util.Arrays.copyOf(c.parameters(), p + c.optimizerState().length);
        System.arraycopy(c.optimizerState(), 0, values, p, c.optimizerState().length);
        Node leaf = new Node(0, c.partition(), WeightedSum.of(values, stats.examples()));
        leaf.lossSum = stats.lossSum();
        leaf.scored = stats.scored();
        leaf.weightedSquaredMovement = stats.examples() * c.squaredMovement();
        leaf.correct = stats.correct();
        leaf.batches = stats.batches();
        leaf.maxComputeNanos = stats.computeNanos();
        leaf.sumComputeNanos = stats.computeNanos();
        leaf.maxSetupNanos = c.setupNanos();
        leaf.maxPackNanos = c.packNanos();
        leaf.partitionsWithWork = stats.batches() > 0 ? 1 : 0;
        leaf.diverged = stats.diverged();
        insert(leaf);
        return this;
    }

    /** Takes in another partial sum (Spark's combOp). */
    OrderedSum merge(OrderedSum other) {
        if (other.partitions != partitions) {
            throw new IllegalArgumentException("sums over " + other.partitions + " and " + partitions + " partitions");
        }
        for (Node node : other.nodes.values()) {
            insert(node);
        }
        return this;
    }

    /** Whether every partition has been added: {@link #total()} is ready. */
    boolean complete() {
        return nodes.size() == 1 && nodes.containsKey((long) levels() << 32);
    }

    /** The sum over all partitions; fails if any partition is missing. */
    Node total() {
        int top = levels();
        Node root = nodes.get((long) top << 32);
        if (root == null || nodes.size() != 1) {
            throw new IllegalStateException("incomplete sum: have " + nodes.size() + " subtrees, expected the root");
        }
        return root;
    }

    private int levels() {
        return 32 - Integer.numberOfLeadingZeros(partitions - 1);
    }

    private void insert(Node node) {
        Node current = node;
        while (current.level < levels()) {
            int siblingIndex = current.index ^ 1;
            boolean siblingExists = ((long) siblingIndex << current.level) < partitions;
            if (siblingExists) {
                Node sibling = nodes.remove(((long) current.level << 32) | siblingIndex);
                if (sibling == null) {
                    break;
                }
                current = (current.index < siblingIndex) ? combine(current, sibling) : combine(sibling, current);
            } else {
                current = combine(current, null);
            }
        }
        if (nodes.putIfAbsent(current.key(), current) != null) {
            throw new IllegalStateException("partition range " + current.index + " at level " + current.level
                    + " added twice");
        }
    }

    /* left + right in that order; a missing right (a range past the last partition) passes left up unchanged. */
    private static Node combine(Node left, Node right) {
        Node parent = new Node(left.level + 1, left.index >> 1,
                right != null ? left.values.plus(right.values) : left.values);
        Node r = right != null ? right : new Node(left.level, -1, null);
        parent.lossSum = left.lossSum + r.lossSum;
        parent.scored = left.scored + r.scored;
        parent.weightedSquaredMovement = left.weightedSquaredMovement + r.weightedSquaredMovement;
        parent.correct = left.correct + r.correct;
        parent.batches = Math.max(left.batches, r.batches);
        parent.maxComputeNanos = Math.max(left.maxComputeNanos, r.maxComputeNanos);
        parent.sumComputeNanos = left.sumComputeNanos + r.sumComputeNanos;
        parent.maxSetupNanos = Math.max(left.maxSetupNanos, r.maxSetupNanos);
        parent.maxPackNanos = Math.max(left.maxPackNanos, r.maxPackNanos);
        parent.partitionsWithWork = left.partitionsWithWork + r.partitionsWithWork;
        parent.diverged = left.diverged || r.diverged;
        return parent;
    }
}
