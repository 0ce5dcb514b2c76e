/**
 * The engine's training loop without a cluster: a replica of the model with its optimizer, the single-process
 * trainer, evaluation, model selection and early stopping, the run's position and length, and the calibration a
 * plan predicts time with.
 *
 * <p>May import: {@code data}, {@code nn}, {@code optim}. Without Spark, Hadoop or Scala: its tests run with them
 * off the classpath.
 */
package io.github.sparklstm.train;
