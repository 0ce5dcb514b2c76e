package io.github.sparklstm.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of observations as series ({@code series.*}) and how they become windows ({@code forecast.*}): the
 * series column ("" for one series), the time column and its unit ({@code series.frequency}), the targets and the
 * covariates. What a forecaster's model.json keeps, so that its forecasts read the same columns the same way.
 */
public record SeriesTable(String idCol, String timeCol, List<String> valueCols, List<String> covariateCols,
                          String frequency, ForecastSettings windows) implements java.io.Serializable {

    public SeriesTable {
        valueCols = List.copyOf(valueCols);
        covariateCols = List.copyOf(covariateCols);
        if (valueCols.isEmpty()) {
            throw new IllegalArgumentException("a forecast needs at least one value column");
        }
    }

    /** The targets, then the covariates: a series' columns in order. */
    public List<String> columns() {
        List<String> all = new ArrayList<>(valueCols);
        all.addAll(covariateCols);
        return all;
    }
}
