package io.github.sparklstm.train;

/** Training produced a non-finite loss, gradient or parameter and cannot go on. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
