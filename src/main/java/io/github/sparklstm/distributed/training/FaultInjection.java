package io.github.sparklstm.distributed.training;

import io.github.sparklstm.distributed.rounds.Round;
import java.io.Serializable;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * Faults the tests inject to prove recovery, read from Spark properties that users never set:
 * {@code spark.sparklstm.test.failFirstAttemptAtRound} (a task throws on its first attempt in that round, so Spark
 * retries it) and {@code spark.sparklstm.test.nanAtRound} / {@code spark.sparklstm.test.nanTries} (partition 0
 * trains on a batch holding a NaN in that round, on the first {@code nanTries} tries of the round), and
 * {@code spark.sparklstm.test.stopAfterRound} (the driver stops with an error once that round is committed and
 * checkpointed, as a crash would). -1: off.
 */
record FaultInjection(long failFirstAttemptAtRound, long nanAtRound, int nanTries, long stopAfterRound)
        implements Serializable {

    static FaultInjection from(SparkConf conf) {
        return new FaultInjection(conf.getLong("spark.sparklstm.test.failFirstAttemptAtRound", -1),
                conf.getLong("spark.sparklstm.test.nanAtRound", -1),
                conf.getInt("spark.sparklstm.test.nanTries", Integer.MAX_VALUE),
                conf.getLong("spark.sparklstm.test.stopAfterRound", -1));
    }

    void afterRound(long round) {
        if (round == stopAfterRound) {
            throw new IllegalStateException("injected stop after round " + round);
        }
    }

    void beforeRound(Round round, int partition) {
        TaskContext task = TaskContext.get();
        // A barrier stage (rounds through the driver endpoint) is re-run whole: its tasks start again at attempt 0.
        if (round.round() == failFirstAttemptAtRound && partition == 0 && task != null && task.attemptNumber() == 0
                && task.stageAttemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt at round " + round.round());
        }
    }

    boolean poisonsBatch(Round round, int partition) {
        return round.round() == nanAtRound && partition == 0 && round.attempt() < nanTries;
    }
}
