package io.github.sparklstm.distributed.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.year;

import io.github.sparklstm.config.ConfigException;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A series' time column as whole periods: days, months, ... of a date or timestamp ({@code series.frequency}), or
 * the column's own integers; with {@code auto} a date counts days and a timestamp seconds, and each series' step
 * is the smallest difference between two of its times (weekly dates: 7 days). The periods are what a
 * {@link io.github.sparklstm.data.Series} is regular in, and {@link #text} writes one back for messages and
 * forecasts.
 */
@com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record SeriesTimes(Unit unit, boolean inferStep) implements Serializable {

    public enum Unit { NUMBER, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR }

    /** The periods of {@code column} (of {@code type}) at {@code frequency}; refuses a pair that has none. */
    static SeriesTimes of(String column, DataType type, String frequency, String source) {
        boolean date = type instanceof DateType;
        boolean timestamp = type instanceof TimestampType || type instanceof TimestampNTZType;
        boolean auto = "auto".equals(frequency);
        if (!date && !timestamp) {
            if (!(type instanceof IntegralType)) {
                throw new ConfigException(source + ": time column " + column + " is " + type.simpleString()
                        + ": a date, a timestamp or an integer expected (series.timeCol)");
            }
            if (!auto) {
                throw new ConfigException("series.frequency=" + frequency + " counts calendar periods, but time "
                        + "column " + column + " of " + source + " holds integers: set series.frequency=auto");
            }
            return new SeriesTimes(Unit.NUMBER, true);
        }
        if (auto) {
            return new SeriesTimes(date ? Unit.DAY : Unit.SECOND, true);
        }
        Unit unit = Unit.valueOf(frequency.toUpperCase(Locale.ROOT));
        if (date && unit.compareTo(Unit.DAY) < 0) {
            throw new ConfigException("series.frequency=" + frequency + ": time column " + column + " of " + source
                    + " holds dates, which have no " + frequency + "s");
        }
        return new SeriesTimes(unit, false);
    }

    /** The Spark expression of a row's period. */
    Column period(String column) {
        Column c = col(column);
        if (unit == Unit.NUMBER) {
            return c.cast("long");
        }
        if (unit.compareTo(Unit.HOUR) <= 0) {
            Column seconds = unix_timestamp(c.cast("timestamp"));
            long per = unit == Unit.SECOND ? 1 : unit == Unit.MINUTE ? 60 : 3600;
            return floor(seconds.divide(per)).cast("long");
        }
        Column day = to_date(c);
        Column days = datediff(day, lit("1970-01-01"));
        return switch (unit) {
            case DAY -> days.cast("long");
            // Weeks from Monday: 1970-01-01 was a Thursday.
            case WEEK -> floor(days.plus(3).divide(7)).cast("long");
            case MONTH -> year(day).multiply(12).plus(month(day)).minus(1).cast("long");
            case QUARTER -> year(day).multiply(4).plus(floor(month(day).minus(1).divide(3))).cast("long");
            case YEAR -> year(day).cast("long");
            default -> throw new IllegalStateException(unit.name());
        };
    }

    /** Periods between two steps of every series: 0, each series' own smallest difference, under auto. */
    long step() {
        return inferStep ? 0 : 1;
    }

    /** The Spark type a forecast's time column has: the period's first day, instant, or the number. */
    public org.apache.spark.sql.types.DataType sparkType() {
        return unit == Unit.NUMBER ? org.apache.spark.sql.types.DataTypes.LongType
                : unit.compareTo(Unit.HOUR) <= 0 ? org.apache.spark.sql.types.DataTypes.TimestampType
                : org.apache.spark.sql.types.DataTypes.DateType;
    }

    /** A period as a value of {@link #sparkType()}. */
    public Object value(long period) {
        return switch (unit) {
            case NUMBER -> period;
            case SECOND, MINUTE, HOUR -> java.sql.Timestamp.from(Instant.ofEpochSecond(period
                    * (unit == Unit.SECOND ? 1 : unit == Unit.MINUTE ? 60 : 3600)));
            case DAY -> java.sql.Date.valueOf(LocalDate.ofEpochDay(period));
            case WEEK -> java.sql.Date.valueOf(LocalDate.ofEpochDay(period * 7 - 3));
            case MONTH -> java.sql.Date.valueOf(LocalDate.of((int) Math.floorDiv(period, 12),
                    (int) Math.floorMod(period, 12) + 1, 1));
            case QUARTER -> java.sql.Date.valueOf(LocalDate.of((int) Math.floorDiv(period, 4),
                    3 * (int) Math.floorMod(period, 4) + 1, 1));
            case YEAR -> java.sql.Date.valueOf(LocalDate.of((int) period, 1, 1));
        };
    }

    /** A period as a person reads it: a date, a month, an instant, or the number. */
    String text(long period) {
        return switch (unit) {
            case NUMBER -> Long.toString(period);
            case SECOND -> Instant.ofEpochSecond(period).toString();
            case MINUTE -> Instant.ofEpochSecond(period * 60).toString();
            case HOUR -> Instant.ofEpochSecond(period * 3600).toString();
            case DAY -> LocalDate.ofEpochDay(period).toString();
            case WEEK -> "week of " + LocalDate.ofEpochDay(period * 7 - 3);
            case MONTH -> String.format(Locale.ROOT, "%04d-%02d", Math.floorDiv(period, 12),
                    Math.floorMod(period, 12) + 1);
            case QUARTER -> Math.floorDiv(period, 4) + "-Q" + (Math.floorMod(period, 4) + 1);
            case YEAR -> Long.toString(period);
        };
    }
}
