package io.github.sparklstm.config;

/** A configuration the job cannot run with; the message is one line naming the file or key and what is wrong. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
