package io.github.sparklstm.distributed.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The result sizes checked before training follow how treeAggregate(depth 2) groups partitions. */
class ResultLimitsTest {

    @Test
    void aTaskOfTheReduceStageCarriesSeveralPartitionsContributions() {
        // Up to 5 partitions go straight to the driver; beyond, reduce tasks take every n-th partition.
        assertEquals(1, ResultLimits.contributionsPerResult(2));
        assertEquals(1, ResultLimits.contributionsPerResult(5));
        assertEquals(4, ResultLimits.contributionsPerResult(16));
        assertEquals(10, ResultLimits.contributionsPerResult(100));
    }

    @Test
    void theKryoLimitCountsTheLargestTaskResult() {
        SparkConf conf = new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryoserializer.buffer.max", "64m").set("spark.driver.maxResultSize", "0");
        long values = 3_000_000; // 24 MB of double sums per partition
        assertTrue(ResultLimits.problems(conf, 2, values).isEmpty());
        // 16 partitions: reduce tasks of 4 contributions, 96 MB each.
        String problem = String.join("", ResultLimits.problems(conf, 16, values));
        assertTrue(problem.contains("spark.kryoserializer.buffer.max=64m: raise it to at least"), problem);
    }
}
