package io.github.sparklstm.distributed.data;

/**
 * A forecasting table's series as its planning pass counted them: those that give windows, those too short to
 * (skipped), and the first skipped one with its length, for the run's first lines and its summary.
 */
public record SeriesCounts(long series, long skipped, String firstSkipped, int firstSkippedLength)
        implements java.io.Serializable {
}
