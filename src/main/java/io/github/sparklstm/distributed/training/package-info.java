/**
 * The driver's training loop (DistributedTrainer): rounds of local steps on every partition, averaged,
 * evaluated, checkpointed and rolled back on divergence; the executor side of a round (RoundTask); checkpoints;
 * the metric records; and RunSettings, the one place a configuration becomes the engine's and the driver's
 * settings.
 *
 * <p>May import: {@code config}, {@code data}, {@code distributed.data}, {@code distributed.rounds}, {@code
 * distributed.scoring}, {@code model}, {@code nn}, {@code optim}, {@code storage}, {@code train}.
 */
package io.github.sparklstm.distributed.training;
