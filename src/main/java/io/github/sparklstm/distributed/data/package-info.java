/**
 * Data on the executors: sources (IDX files, tables, DataFrames) planned on the driver from metadata alone,
 * then read, checked and tagged with their positions by the executors, and cached as one shard per partition;
 * the statistics the driver needs are computed there too.
 *
 * <p>May import: {@code config}, {@code data}, {@code storage}.
 */
package io.github.sparklstm.distributed.data;
