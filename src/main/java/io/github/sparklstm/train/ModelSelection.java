package io.github.sparklstm.train;

import java.util.Locale;

/**
 * Which parameters a training keeps, and when it stops early. After each validation the kept model is the last,
 * or the best so far by validation loss (lower) or accuracy (higher); {@code patience} validations in a row
 * without improvement stop the training (0: never). The state is small and exact, so a checkpoint carries it and a
 * resumed run decides as the uninterrupted one would.
 */
public final class ModelSelection {

    /** How to choose: keep the best (else the last), judge by accuracy (else loss), patience (0: none). */
    public record Settings(boolean keepBest, boolean byAccuracy, int patience) {
        public Settings {
            if (patience < 0) {
                throw new IllegalArgumentException("patience must not be negative, got " + patience);
            }
        }

        public static Settings keepLast() {
            return new Settings(false, false, 0);
        }
    }

    /** Where the selection stands: the best metric so far (NaN before any), where it was, validations since. */
    public record State(double bestMetric, int bestEpoch, long bestRound, int sinceBest, float[] bestParameters) {
        public static State initial() {
            return new State(Double.NaN, -1, -1, 0, new float[0]);
        }
    }

    private final Settings settings;
    private State state;
    private String stopReason;

    public ModelSelection(Settings settings, State state) {
        this.settings = settings;
        this.state = state;
    }

    public ModelSelection(Settings settings) {
        this(settings, State.initial());
    }

    public State state() {
        return state;
    }

    /** The metric a validation is judged by. */
    public double metric(Evaluation validation) {
        return settings.byAccuracy() ? validation.accuracy() : validation.meanLoss();
    }

    /**
     * Takes in the validation of {@code parameters} after {@code epoch} (0-based) and {@code round}; keeps a copy when
     * they are the best and the best is to be kept. Returns true when training should stop now.
     */
    public boolean offer(Evaluation validation, float[] parameters, int epoch, long round) {
        double metric = metric(validation);
        double best = state.bestMetric();
        boolean improved = Double.isNaN(best) || (settings.byAccuracy() ? metric > best : metric < best);
        if (improved) {
            state = new State(metric, epoch, round, 0, settings.keepBest() ? parameters.clone() : new float[0]);
            return false;
        }
        state = new State(best, state.bestEpoch(), state.bestRound(), state.sinceBest() + 1, state.bestParameters());
        if (settings.patience() > 0 && state.sinceBest() >= settings.patience()) {
            stopReason = String.format(Locale.ROOT, "early stopping: validation %s did not improve for %d "
                    + "validations (best %.6g after epoch %d, round %d)", settings.byAccuracy() ? "accuracy" : "loss",
                    state.sinceBest(), best, state.bestEpoch() + 1, state.bestRound());
            return true;
        }
        return false;
    }

    /** Why training stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The parameters to save: the best ones when they are kept and known, else {@code last}. */
    public float[] kept(float[] last) {
        return settings.keepBest() && state.bestParameters().length > 0 ? state.bestParameters() : last;
    }
}
