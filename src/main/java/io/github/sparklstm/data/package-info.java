/**
 * Examples before any engine or cluster touches them: IDX files, images and tables as compact sequence sets,
 * input statistics and scaling, validation holdouts, the epoch order, and minibatches in the layout the network
 * wants. Shared by the driver, the executors and the single-process trainer.
 *
 * <p>May import: nothing of the project; only the JDK, so that any JVM of the job can share it. Without Spark,
 * Hadoop or Scala: its tests run with them off the classpath.
 */
package io.github.sparklstm.data;
