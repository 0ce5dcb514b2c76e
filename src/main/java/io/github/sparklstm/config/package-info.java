/**
 * The job's settings: the table of every key (ConfigKeys: type, default, allowed values, doc, its Spark ML
 * Param and what it affects), and Config, the validated bag of values read from a properties file and
 * {@code key=value} overrides, with its digest and the differences a resumed run may not have. What the values
 * mean for a training is {@code distributed.training.RunSettings}'.
 *
 * <p>May import: nothing of the project. Without Spark, Hadoop or Scala: its tests run with them off the classpath.
 */
package io.github.sparklstm.config;
