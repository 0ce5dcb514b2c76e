#!/usr/bin/env bash
# Benchmarks: the engine's training examples/s and GFLOP/s at batch 32/64/128/256 on one thread beside this
# machine's single-thread gemm rate; sequences of different lengths (MNIST rows-trimmed, bucketed by length or not:
# padding share and real steps/s against the fixed-length rate); then the job end to end through local Spark (all
# cores, default config).
#   jobs/bench.sh [--batch-sizes 128] [--seconds 8] [--no-ragged] [--spark-epochs 3] [--help]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
ensure_jar
ensure_built_spark_home
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" OMP_NUM_THREADS=1
SPARK_HOME="$BUILT_SPARK_HOME" SPARK_SCALA_VERSION="$(scala_version_of "$BUILT_SPARK_HOME")" \
  exec java "${SPARK_JVM_OPENS[@]}" -Xmx6g -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
  -cp "$APP_JAR:$BUILT_SPARK_HOME/jars/*" io.github.sparklstm.bench.Benchmark "$@"
