/**
 * The Spark ML face: LstmClassifier (an Estimator) and LstmClassificationModel (a Model), whose Params are
 * the table of settings' (accessors and setters generated from it), training on the job's engine and trainer to
 * the same bits, saved and loaded beside the job's model files.
 *
 * <p>May import: {@code config}, {@code data}, {@code distributed.data}, {@code distributed.scoring}, {@code
 * distributed.training}, {@code model}, {@code nn}, {@code storage}, {@code train}.
 */
package io.github.sparklstm.ml;
