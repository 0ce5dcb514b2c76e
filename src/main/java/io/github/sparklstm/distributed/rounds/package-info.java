/**
 * How a round reaches the partitions and their contributions come back: a Spark job per round, or
 * long-lived tasks that take round after round from an endpoint on the driver; the contributions are summed in
 * a fixed tree so that the bits do not depend on Spark's delivery order. It moves arrays; the training in a
 * round is the caller's.
 *
 * <p>May import: {@code config}, {@code optim}, {@code train}.
 */
package io.github.sparklstm.distributed.rounds;
