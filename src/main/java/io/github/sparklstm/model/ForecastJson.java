package io.github.sparklstm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.data.ForecastSettings;
import io.github.sparklstm.data.SeriesTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A forecaster's {@code "forecast"} object in model.json: the series columns it reads, the windows it cuts, and how
 * its values are scaled (per series or global: each forecast's own scale travels with its window, so a reader of the
 * model needs only the rule), what a forecast of new data must repeat.
 */
final class ForecastJson {

    private ForecastJson() {
    }

    static void write(ObjectNode f, SeriesTable table) {
        f.put("id_col", table.idCol());
        f.put("time_col", table.timeCol());
        table.valueCols().forEach(f.putArray("value_cols")::add);
        table.covariateCols().forEach(f.putArray("covariate_cols")::add);
        f.put("frequency", table.frequency());
        ForecastSettings w = table.windows();
        f.put("lookback", w.lookback());
        f.put("horizon", w.horizon());
        f.put("stride", w.stride());
        f.put("test_steps", w.testSteps());
        f.put("validation_steps", w.validationSteps());
        f.put("season", w.season());
        f.put("scaling", w.scaling().name().toLowerCase(Locale.ROOT));
        f.put("scaling_rule", "(value - mean) / std of the column over the series' training part (series), over "
                + "all series' training parts (global), or none; outputs are scaled as their target column");
        f.put("fill_gaps", w.fillGaps().name().toLowerCase(Locale.ROOT));
        f.put("per_step", w.perStep());
        f.put("output_layout", w.perStep() ? "[step][target]" : "[horizon step][target]");
    }

    /** The forecast of a model.json, or null when it has none (a classifier). */
    static SeriesTable read(JsonNode root, String source) throws ModelFileException {
        JsonNode f = root.path("forecast");
        if (f.isMissingNode()) {
            return null;
        }
        try {
            ForecastSettings windows = new ForecastSettings(f.path("lookback").asInt(), f.path("horizon").asInt(),
                    f.path("stride").asInt(1), f.path("test_steps").asInt(), f.path("validation_steps").asInt(0),
                    f.path("season").asInt(1), ForecastSettings.Scaling.valueOf(upper(f, "scaling")),
                    ForecastSettings.GapFill.valueOf(upper(f, "fill_gaps")), f.path("per_step").asBoolean());
            return new SeriesTable(f.path("id_col").asText(""), f.path("time_col").asText(), names(f, "value_cols"),
                    names(f, "covariate_cols"), f.path("frequency").asText("auto"), windows);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "forecast: " + e.getMessage());
        }
    }

    private static String upper(JsonNode f, String key) {
        return f.path(key).asText().toUpperCase(Locale.ROOT);
    }

    private static List<String> names(JsonNode f, String key) {
        List<String> names = new ArrayList<>();
        f.path(key).forEach(n -> names.add(n.asText()));
        return names;
    }
}
