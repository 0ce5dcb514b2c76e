#!/usr/bin/env bash
# Submits the training job to a cluster through spark-submit.
#   jobs/submit.sh [spark-submit options ...] -- [--resume] [key=value ...]
# Everything before "--" goes to spark-submit untouched (--master, --deploy-mode, --conf, --executor-memory, ...);
# everything after it goes to the job. Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is a Spark installation,
# otherwise org.apache.spark.deploy.SparkSubmit from a SPARK_HOME assembled from Maven (target/spark-home).
#   jobs/submit.sh --master spark://127.0.0.1:7077 --total-executor-cores 2 -- train.epochs=5 output=runs/cluster
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

spark_args=()
job_args=()
seen_separator=false
for arg in "$@"; do
  if [[ "$seen_separator" == false && "$arg" == "--" ]]; then seen_separator=true; continue; fi
  if [[ "$seen_separator" == true ]]; then job_args+=("$arg"); else spark_args+=("$arg"); fi
done
if [[ "$seen_separator" == false ]]; then
  job_args=("${spark_args[@]}")
  spark_args=()
fi

ensure_jar
# One BLAS/OpenMP thread per executor core; users can still override any of these with their own --conf.
defaults=(--conf spark.executorEnv.OMP_NUM_THREADS=1
          --conf "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=log4j2.properties"
          --files "$PROJECT_DIR/conf/log4j2.properties")
# OpenBLAS picks its kernels by CPU type unless OPENBLAS_CORETYPE names one, and different kernels round
# differently: the driver's OPENBLAS_* settings go to every executor and to a driver that YARN or Kubernetes starts
# (their containers do not inherit this shell's environment), so a run's bits do not depend on where it runs.
while IFS='=' read -r name value; do
  defaults+=(--conf "spark.executorEnv.$name=$value" --conf "spark.yarn.appMasterEnv.$name=$value"
             --conf "spark.kubernetes.driverEnv.$name=$value")
done < <(env | grep '^OPENBLAS_[A-Z0-9_]*=' || true)
if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${defaults[@]}" "${spark_args[@]}" \
    --driver-java-options "-Dlog4j2.configurationFile=$PROJECT_DIR/conf/log4j2.properties" \
    --class "$MAIN_CLASS" "$APP_JAR" "${job_args[@]}"
fi
ensure_built_spark_home
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
spark_submit "$BUILT_SPARK_HOME" "${defaults[@]}" "${spark_args[@]}" --class "$MAIN_CLASS" "$APP_JAR" "${job_args[@]}"
