/**
 * Loading MNIST-style IDX files and turning byte images into LSTM minibatches.
 *
 * <p>Only the JDK is imported here: the package is tested with Spark, Hadoop and ND4J off the classpath, so
 * that the driver, the executors and the single-process trainer can all share it.
 */
package io.github.sparklstm.data;
