/**
 * The saved model and its format: model.json (architecture, input format and scaling, class labels) and
 * model.safetensors (weights in PyTorch's nn.LSTM names), read and written on any file system.
 *
 * <p>May import: {@code data}, {@code nn}, {@code storage}.
 */
package io.github.sparklstm.model;
