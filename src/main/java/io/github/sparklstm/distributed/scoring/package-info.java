/**
 * A model applied on the executors: evaluation of cached data sets and scoring of DataFrames, the
 * weights broadcast once and each task running the network forward in minibatches.
 *
 * <p>May import: {@code data}, {@code distributed.data}, {@code model}, {@code nn}, {@code train}.
 */
package io.github.sparklstm.distributed.scoring;
