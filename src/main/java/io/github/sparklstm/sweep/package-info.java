/**
 * Many trainings of one configuration compared: the trials (a grid or random draws), how they run (each in a
 * task, or each distributed), and their report (results.csv, results.md, sweep.png).
 *
 * <p>May import: {@code config}, {@code data}, {@code distributed.data}, {@code run}, {@code storage}.
 */
package io.github.sparklstm.sweep;
