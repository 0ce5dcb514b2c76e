package io.github.sparklstm.model;

import io.github.sparklstm.data.InvalidDataException;

/**
 * A model file that cannot be used as it stands: like any bad input, one line naming the file and the problem,
 * because the message is what a user sees in a job log and must say which file to look at and why.
 */
public class ModelFileException extends InvalidDataException {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String source, String problem) {
        super(source, problem);
    }
}
