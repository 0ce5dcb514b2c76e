package io.github.sparklstm.data;

import java.io.IOException;

/** Bad input data: the message is one line naming the file (or stream name) and what is wrong. */
public class InvalidDataException extends IOException {
    private final String source;
    private final String problem;

    public InvalidDataException(String source, String problem) {
        this(source, problem, null);
    }

    /** Keeps the low-level exception (e.g. a ZipException) for the stack trace, not for the message. */
    public InvalidDataException(String source, String problem, Throwable cause) {
        super(oneLine(source) + ": " + oneLine(problem), cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file path or stream name the data came from. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the source. */
    public String problem() {
        return problem;
    }

    /* Names and parser messages may come from the file itself and contain line breaks; the message stays one line. */
    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\R", " ");
    }
}
