/**
 * Measurements, not tests: the engine's examples/s and GFLOP/s beside the machine's measured matrix-product
 * rate, the job end to end on local Spark, and the fixed cost of a round by partition count
 * ({@code jobs/bench.sh}).
 *
 * <p>May import: {@code cli}, {@code config}, {@code data}, {@code nn}, {@code optim}.
 */
package io.github.sparklstm.bench;
