/**
 * The command line: Main (the entry point spark-submit runs) and one class per command: train (the root),
 * convert, evaluate, predict, sweep and words.
 *
 * <p>May import: {@code config}, {@code data}, {@code distributed.data}, {@code distributed.scoring}, {@code
 * model}, {@code run}, {@code storage}, {@code sweep}, {@code train}.
 */
package io.github.sparklstm.cli;
