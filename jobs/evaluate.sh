#!/usr/bin/env bash
# Evaluates a saved model directory on the MNIST test set (one process, no Spark) and prints JSON.
#   jobs/evaluate.sh --model runs/<run>/model [--data data/mnist]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
ensure_jar
ensure_built_spark_home
OMP_NUM_THREADS=1 exec java -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
  -cp "$APP_JAR:$BUILT_SPARK_HOME/jars/*" io.github.sparklstm.job.EvaluateModel "$@"
