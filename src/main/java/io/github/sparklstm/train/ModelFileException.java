package io.github.sparklstm.train;

import java.io.IOException;

/**
 * A model file that cannot be used as it stands. It names the file and the problem on one line, because
 * the message is what a user sees in a job log and must say which file to look at and why.
 */
public class ModelFileException extends IOException {
    private final String source;
    private final String problem;

    public ModelFileException(String source, String problem) {
        super(oneLine(source) + ": " + oneLine(problem));
        this.source = source;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public String problem() {
        return problem;
    }

    // Tensor names and parser messages come from the file itself and may contain line breaks.
    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\R", " ");
    }
}
