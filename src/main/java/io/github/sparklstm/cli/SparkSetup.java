package io.github.sparklstm.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session every command starts, with the job's defaults under spark-submit's and the user's settings. */
final class SparkSetup {

    private SparkSetup() {
    }

    /** The job's Spark defaults; spark-submit's and the user's settings win. */
    static SparkConf sparkConf() {
        SparkConf conf = new SparkConf();
        // OpenBLAS's kernel (OPENBLAS_CORETYPE, else the CPU's) decides the last bits of every product: executors
        // get the driver's choice, as jobs/submit.sh also passes it to a driver that a cluster manager starts.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("OPENBLAS_")) {
                conf.setIfMissing("spark.executorEnv." + name, value);
            }
        });
        return conf.setAppName("spark-lstm").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1")
                // Replicas come back as ~1 MB of floats per partition: straight in the task result, not via a
                // block fetch, and broadcasts of float noise are not worth compressing.
                .setIfMissing("spark.task.maxDirectResultSize", "64m")
                .setIfMissing("spark.broadcast.compress", "false")
                // Kryo refuses a result above its buffer's maximum (64m by default), which a model of 2 x 512
                // units with Adam already returns; the buffer grows only as far as a result needs.
                .setIfMissing("spark.kryoserializer.buffer.max", "1024m")
                // File splits that depend on the data alone, not on how many executors have registered: the rows
                // of a table are counted and read by two queries, which must see the same splits.
                .setIfMissing("spark.sql.files.minPartitionNum", "8");
    }

    /** A session of {@code conf} that logs warnings only: the commands print their own progress. */
    static SparkSession start(SparkConf conf) {
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        ConsoleLines.attach();
        return spark;
    }

    /** Hadoop settings before Spark starts, as Spark will make them: spark.hadoop.* on top of the defaults. */
    static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (var entry : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(entry._1(), entry._2());
        }
        return hadoop;
    }
}
