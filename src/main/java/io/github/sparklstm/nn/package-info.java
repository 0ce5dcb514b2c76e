/**
 * The network: one flat parameter buffer with a named view per tensor (ParameterLayout, FlatBuffer), the LSTM
 * layer and its cell with forward and backward side by side, the softmax head, initialisation, and the matrix
 * products they call.
 *
 * <p>May import: {@code data}. Without Spark, Hadoop or Scala: its tests run with them off the classpath.
 */
package io.github.sparklstm.nn;
