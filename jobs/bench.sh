#!/usr/bin/env bash
# Benchmarks: the engine's training examples/s and GFLOP/s at batch 32/64/128/256 on one thread, measured in turns
# with the LSTM-shaped matrix product (the ceiling) and the step's own products; as many replicas as cores training
# at once on their own threads without Spark (what the cores give together); sequences of different lengths
# (MNIST rows-trimmed, bucketed by length or not: padding share and real steps/s against the fixed-length rate);
# then the job end to end through local Spark (all cores, default config): steady and first-epoch rates, the first
# round's share, a round's parts, its share of the replicas-at-once rate; and the PyTorch peer when Debian's
# python3-torch is installed.
# The models of sequence labelling (bidirectional, per step, both) at batch 128 beside PyTorch's same models; the
# character language model of conf/gcide-chars.properties on one thread beside PyTorch's on one thread.
#   jobs/bench.sh [--batch-sizes 128] [--seconds 8] [--no-ragged] [--no-labelling] [--no-charlm] [--spark-epochs 3]
#   [--no-peer]
#   [--exchange auto|endpoint|jobs]: how the end-to-end run's rounds travel (jobs: a Spark job per round)
# The fixed cost of a round by partition count, broken down, from real training rounds with almost no compute
# (local Spark, or a cluster with --master):
#   jobs/bench.sh --round-cost 2,4,8,16,32 [--master spark://127.0.0.1:7077] [--exchange jobs]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
ensure_jar
ensure_built_spark_home
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" OMP_NUM_THREADS=1

# The peer: the same model and settings in PyTorch (jobs/peer/torch_lstm.py), when Debian's python3-torch is
# installed, on all cores, one epoch (lib.sh's peer_python). --no-peer skips it.
args=()
peer=true
for arg in "$@"; do
  if [[ "$arg" == "--no-peer" ]]; then peer=false; else args+=("$arg"); fi
  [[ "$arg" == --round-cost* ]] && peer=false
done
if [[ "$peer" == true ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  cores=$(getconf _NPROCESSORS_ONLN)
  log "timing the PyTorch peer: one epoch on $cores threads"
  line=$(peer_python "$PROJECT_DIR/jobs/peer/torch_lstm.py" --data data/mnist --threads "$cores" --epochs 1 \
    | tail -n 1) || line=""
  if [[ "$line" == "{"* ]]; then
    rate=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["samples_per_s"])' "$line")
    label=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["label"])' "$line")
    args+=(--peer-rate "$rate" --peer-label "$label")
  else
    log "the PyTorch peer failed; no peer line"
  fi
  # The character language model's row: the same step on one thread, as the engine's row runs.
  line=$(peer_python "$PROJECT_DIR/jobs/peer/torch_charlm.py" --bench 8 --threads 1 | tail -n 1) || line=""
  if [[ "$line" == "{"* ]]; then
    args+=(--peer-charlm-rate "$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["chars_per_s"])' "$line")")
  fi
  # The same for the bench's labelling rows: bidirectional, and bidirectional with a class at every step.
  for variant in "--bidirectional:--peer-bidirectional-rate" "--bidirectional --per-step:--peer-steps-rate"; do
    # shellcheck disable=SC2086
    line=$(peer_python "$PROJECT_DIR/jobs/peer/torch_lstm.py" --data data/mnist --threads "$cores" --epochs 1 \
      ${variant%%:*} | tail -n 1) || line=""
    if [[ "$line" == "{"* ]]; then
      args+=("${variant##*:}" "$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["samples_per_s"])' "$line")")
    fi
  done
fi
set -- "${args[@]+"${args[@]}"}"
SPARK_HOME="$BUILT_SPARK_HOME" SPARK_SCALA_VERSION="$(scala_version_of "$BUILT_SPARK_HOME")" \
  exec java "${SPARK_JVM_OPENS[@]}" -Xmx6g -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
  -Dspark.jars="$APP_JAR" -Dspark.driver.host=127.0.0.1 \
  -cp "$APP_JAR:$BUILT_SPARK_HOME/jars/*" io.github.sparklstm.bench.Benchmark "$@"
