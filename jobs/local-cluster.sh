#!/usr/bin/env bash
# A Spark standalone cluster on this machine, loopback only: one Master and two Workers as separate JVMs, from the
# Spark jars pinned in pom.xml (assembled into target/spark-home; no Spark distribution needed).
#   jobs/local-cluster.sh start|stop|status
# Then: jobs/submit.sh --master spark://127.0.0.1:7077 --total-executor-cores 2 --executor-cores 1 -- key=value ...
# Environment: SPARK_LSTM_CLUSTER_DIR (pid files, logs, work dirs; default target/local-cluster),
#   SPARK_LSTM_MASTER_PORT (7077), SPARK_LSTM_WORKERS (2), SPARK_LSTM_WORKER_CORES (1), SPARK_LSTM_WORKER_MEMORY (4g).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_DIR="${SPARK_LSTM_CLUSTER_DIR:-$PROJECT_DIR/target/local-cluster}"
MASTER_PORT="${SPARK_LSTM_MASTER_PORT:-7077}"
WORKERS="${SPARK_LSTM_WORKERS:-2}"
WORKER_CORES="${SPARK_LSTM_WORKER_CORES:-1}"
WORKER_MEMORY="${SPARK_LSTM_WORKER_MEMORY:-4g}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

# Daemons log at Spark's default INFO level into their files (worker registration is read from there).
daemon() { # name main-class args...
  local name="$1"; shift
  local home="$BUILT_SPARK_HOME"
  mkdir -p "$CLUSTER_DIR/logs"
  SPARK_HOME="$home" SPARK_SCALA_VERSION="$(scala_version_of "$home")" SPARK_LOCAL_IP=127.0.0.1 \
    OMP_NUM_THREADS=1 nohup java "${SPARK_JVM_OPENS[@]}" -Xmx512m \
    -cp "$home/jars/*" "$@" > "$CLUSTER_DIR/logs/$name.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/$name.pid"
}

alive() { [[ -f "$CLUSTER_DIR/$1.pid" ]] && kill -0 "$(cat "$CLUSTER_DIR/$1.pid")" 2>/dev/null; }

wait_for_port() { # port daemon-name
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    alive "$2" || { log "$2 exited; see $CLUSTER_DIR/logs/$2.log"; tail -n 5 "$CLUSTER_DIR/logs/$2.log" >&2; return 1; }
    sleep 0.5
  done
  log "nothing listens on 127.0.0.1:$1 after 60 s; see $CLUSTER_DIR/logs"; return 1
}

# Workers register asynchronously: wait for the master to log each registration.
wait_for_workers() {
  for _ in $(seq 1 120); do
    local n
    n=$(grep -c "Registering worker" "$CLUSTER_DIR/logs/master.log" 2>/dev/null || true)
    if (( n >= WORKERS )); then return 0; fi
    sleep 0.5
  done
  log "only ${n:-0} of $WORKERS workers registered after 60 s; see $CLUSTER_DIR/logs"; return 1
}

case "${1:-}" in
  start)
    ensure_built_spark_home
    if alive master; then log "already running ($MASTER_URL)"; exit 0; fi
    rm -rf "$CLUSTER_DIR/logs"
    daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" --webui-port 0
    wait_for_port "$MASTER_PORT" master
    for i in $(seq 1 "$WORKERS"); do
      mkdir -p "$CLUSTER_DIR/work-$i"
      daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$WORKER_CORES" \
        --memory "$WORKER_MEMORY" --webui-port 0 --work-dir "$CLUSTER_DIR/work-$i" "$MASTER_URL"
    done
    wait_for_workers
    log "running: $MASTER_URL with $WORKERS workers of $WORKER_CORES core(s); logs in $CLUSTER_DIR/logs"
    ;;
  stop)
    for pidfile in "$CLUSTER_DIR"/*.pid; do
      [[ -f "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        # Workers take their executors down with them; give them a moment, then make sure.
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    done
    log "stopped"
    ;;
  status)
    if alive master; then
      echo "master $MASTER_URL: running (pid $(cat "$CLUSTER_DIR/master.pid"))"
      for i in $(seq 1 "$WORKERS"); do
        if alive "worker-$i"; then echo "worker-$i: running (pid $(cat "$CLUSTER_DIR/worker-$i.pid"))";
        else echo "worker-$i: not running"; fi
      done
    else
      echo "not running"; exit 3
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
