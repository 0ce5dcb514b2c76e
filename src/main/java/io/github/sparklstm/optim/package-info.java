/**
 * How parameters move: update rules over whole flat buffers, gradient clipping, learning-rate schedules and
 * their scaling with the number of replicas, the averaging period, and what the driver makes of a round's
 * average (plain averaging, BMUF, server Adam), with the example-weighted sums and the replicas' drift.
 *
 * <p>May import: {@code nn}. Without Spark, Hadoop or Scala: its tests run with them off the classpath.
 */
package io.github.sparklstm.optim;
