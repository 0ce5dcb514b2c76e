package io.github.sparklstm.distributed.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.sparklstm.train.Evaluation;
import io.github.sparklstm.train.ForecastMetrics;
import java.util.List;

/**
 * The JSON records of a training's history, one per round and one per evaluation: the lines of a run's
 * metrics.jsonl and of a fitted model's history, so both read the same.
 */
public final class MetricRecords {

    public static final ObjectMapper JSON = new ObjectMapper();

    private MetricRecords() {
    }

    /** {@code "type":"round"}: position, training loss and accuracy, throughput and the round's times. */
    public static ObjectNode round(DistributedTrainer.RoundReport r) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "round");
        m.put("round", r.round());
        m.put("epoch", r.epoch() + 1);
        m.put("epoch_progress", r.epoch() + (double) r.batchInEpoch() / r.batchesPerEpoch());
        m.put("step", r.globalStep());
        m.put("train_loss", r.trainLoss());
        m.put("train_accuracy", r.trainAccuracy());
        m.put("examples", r.examples());
        m.put("examples_per_s", r.examples() / (r.roundMillis() / 1000));
        m.put("round_ms", r.roundMillis());
        m.put("compute_ms_max", r.computeMillisMax());
        m.put("compute_ms_mean", r.computeMillisMean());
        m.put("overhead_ms", r.overheadMillis());
        m.put("learning_rate", r.learningRate());
        m.put("replica_drift", r.replicaDrift());
        m.put("broadcast_ms", r.parts().broadcastMillis());
        m.put("job_ms", r.parts().jobMillis());
        m.put("average_ms", r.parts().averageMillis());
        m.put("task_setup_ms_max", r.parts().taskSetupMillisMax());
        m.put("task_pack_ms_max", r.parts().taskPackMillisMax());
        if (r.parts().sincePreviousMillis() >= 0) {
            m.put("since_previous_round_ms", r.parts().sincePreviousMillis());
        }
        return m;
    }

    /** {@code "type":"validation"}: a validation after {@code epoch} (0-based) or mid-epoch at {@code round}. */
    public static ObjectNode validation(int epoch, Long round, long step, Evaluation validation,
                                        double elapsedSeconds) {
        return evaluation("validation", epoch, round, step, validation, elapsedSeconds);
    }

    /** {@code "type":"eval"}: a test evaluation after {@code epoch} (0-based); {@code round} may be null. */
    public static ObjectNode evaluation(int epoch, Long round, long step, Evaluation test, double elapsedSeconds) {
        return evaluation("eval", epoch, round, step, test, elapsedSeconds);
    }

    /* The record of an evaluation; its metrics are named after the set: eval is the test set. */
    private static ObjectNode evaluation(String type, int epoch, Long round, long step, Evaluation evaluation,
                                         double elapsedSeconds) {
        String set = "eval".equals(type) ? "test" : type;
        ObjectNode m = JSON.createObjectNode();
        m.put("type", type);
        if (round != null) {
            m.put("round", round);
        }
        m.put("epoch", epoch + 1);
        m.put("step", step);
        m.put(set + "_loss", evaluation.meanLoss());
        if (evaluation.forecast() != null) {
            putForecast(m, set, evaluation.forecast(), false);
            m.put("elapsed_s", elapsedSeconds);
            return m;
        }
        m.put(set + "_accuracy", evaluation.accuracy());
        if (evaluation.perStep()) {
            m.put(set + "_sequence_accuracy", evaluation.sequenceAccuracy());
            m.put(set + "_macro_f1", evaluation.macroF1());
            m.put(set + "_bits_per_step", evaluation.bitsPerStep());
        }
        m.put("elapsed_s", elapsedSeconds);
        return m;
    }

    /**
     * A forecast's figures as {@code <set>_mse, _rmse, _mae, _smape, _mase}, the same for {@code <set>_naive_*} and
     * {@code <set>_seasonal_naive_*}; {@code byStep}: also an array per horizon step of each (summary.json). A
     * figure without values (MASE of series without an in-sample scale) is null.
     */
    public static void putForecast(ObjectNode m, String set, ForecastMetrics f, boolean byStep) {
        m.put(set + "_forecast_values", f.count(ForecastMetrics.Method.MODEL, -1));
        for (ForecastMetrics.Method method : ForecastMetrics.Method.values()) {
            String prefix = set + switch (method) {
                case MODEL -> "";
                case NAIVE -> "_naive";
                case SEASONAL_NAIVE -> "_seasonal_naive";
            };
            for (String metric : List.of("mse", "rmse", "mae", "smape", "mase")) {
                number(m, prefix + "_" + metric, figure(f, method, metric, -1));
                if (byStep && f.horizon() > 1) {
                    ArrayNode steps = m.putArray(prefix + "_" + metric + "_by_step");
                    for (int h = 0; h < f.horizon(); h++) {
                        double v = figure(f, method, metric, h);
                        if (Double.isFinite(v)) {
                            steps.add(v);
                        } else {
                            steps.addNull();
                        }
                    }
                }
            }
        }
    }

    private static double figure(ForecastMetrics f, ForecastMetrics.Method method, String metric, int h) {
        return switch (metric) {
            case "mse" -> f.mse(method, h);
            case "rmse" -> f.rmse(method, h);
            case "mae" -> f.mae(method, h);
            case "smape" -> f.smape(method, h);
            default -> f.mase(method, h);
        };
    }

    private static void number(ObjectNode m, String key, double value) {
        if (Double.isFinite(value)) {
            m.put(key, value);
        } else {
            m.putNull(key);
        }
    }
}
