/**
 * A training run of the job: its directory (config, metrics, summary, curves, model, checkpoints, driver
 * log), the console's progress, resuming and retries, the quality gate, the plan (--plan), the single-process
 * baseline, and what a failure means as an exit code and a line. Only here and in {@code cli} does code
 * print to the console.
 *
 * <p>May import: {@code config}, {@code data}, {@code distributed.data}, {@code distributed.rounds}, {@code
 * distributed.training}, {@code model}, {@code nn}, {@code optim}, {@code storage}, {@code train}.
 */
package io.github.sparklstm.run;
