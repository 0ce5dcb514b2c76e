#!/usr/bin/env bash
# Trains on local Spark (all cores) with the shipped data/mnist and conf/mnist-lstm.properties.
#   jobs/train-mnist.sh [--resume] [key=value ...]      e.g. jobs/train-mnist.sh train.epochs=3 output=runs/quick
# Builds the application jar and a Maven-assembled Spark when missing. Set SPARK_LOCAL_MASTER to change local[*].
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
ensure_jar
ensure_built_spark_home
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# One BLAS/OpenMP thread per task slot: local mode runs its tasks as threads of this JVM.
export OMP_NUM_THREADS=1
# The shipped config unless the caller names one.
config=(--config conf/mnist-lstm.properties)
for arg in "$@"; do [[ "$arg" == --config* ]] && config=(); done
SPARK_LSTM_DRIVER_JAVA_OPTS="${SPARK_LSTM_DRIVER_JAVA_OPTS:--Xmx6g}" spark_submit "$BUILT_SPARK_HOME" \
  --master "${SPARK_LOCAL_MASTER:-local[*]}" \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.ui.enabled=false \
  --class "$MAIN_CLASS" "$APP_JAR" "${config[@]}" "$@"
