/**
 * Files on any Hadoop file system, used with or without Spark: atomic writes (temporary file and rename),
 * listings, and the fingerprints of data sets that resuming compares.
 *
 * <p>May import: {@code config}.
 */
package io.github.sparklstm.storage;
