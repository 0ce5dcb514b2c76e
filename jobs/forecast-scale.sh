#!/usr/bin/env bash
# The forecaster on many series at once on a real standalone cluster (jobs/local-cluster.sh: a Master and two
# Workers on this machine): a generated table of FORECAST_SERIES series (default 10,000) of 200 days each with a
# weekly season, a trend and autocorrelated noise (jobs/peer/many_series.py states the structure), trained with the
# driver at 512 MB, which holds counts and parameters only. Prints the test MASE beside the seasonal naive's, the
# driver's peak heap (from its GC log) and the cost of a round (from metrics.jsonl).
#   jobs/forecast-scale.sh [key=value ...]      e.g. jobs/forecast-scale.sh train.epochs=1
# FORECAST_SCALE=DIR changes where the table and the run go (runs/forecast-scale).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"
root="${FORECAST_SCALE:-$PROJECT_DIR/runs/forecast-scale}"
count="${FORECAST_SERIES:-10000}"
table="$root/table-$count"
if [[ ! -d "$table" ]]; then
  log "generating $count series of 200 days into $table"
  /usr/bin/python3 jobs/peer/many_series.py "$table" "$count" 200
fi
ensure_jar
jobs/local-cluster.sh start
trap 'jobs/local-cluster.sh stop' EXIT
gc_log="$root/driver-gc.log"
rm -f "$gc_log"
# Client mode: the driver is this JVM (spark_submit in jobs/lib.sh), its heap and GC log set here.
SPARK_LSTM_DRIVER_JAVA_OPTS="-Xmx512m -Xlog:gc:file=$gc_log" jobs/submit.sh --master spark://127.0.0.1:7077 \
  --total-executor-cores 2 --executor-cores 1 --executor-memory 2g -- \
  model.task=forecast data.format=csv "data.train=$table" series.idCol=store series.timeCol=date \
  series.valueCols=sales series.frequency=day forecast.lookback=28 forecast.horizon=7 forecast.testSteps=14 \
  forecast.stride=7 forecast.season=7 model.hidden=32 train.batchSize=128 train.epochs=2 train.workers=4 \
  log.progress=epoch output="$root/run-$count" output.overwrite=true "$@"
/usr/bin/python3 - "$root/run-$count" "$gc_log" <<'PY'
import json, re, sys
run, gc = sys.argv[1], sys.argv[2]
s = json.load(open(run + "/summary.json"))
rounds = [json.loads(l) for l in open(run + "/metrics.jsonl") if '"type":"round"' in l]
# GC lines "... 123M->45M(512M) ...": the heap before each collection is the most it held.
peak = max([int(m) for m in re.findall(r"(\d+)M->\d+M", open(gc).read())] or [0])
ms = sorted(r["round_ms"] for r in rounds)
over = sorted(r["overhead_ms"] for r in rounds)
print("forecast-scale: %d series (%d skipped), %d training windows/epoch, test MASE %.4f (seasonal naive %.4f, "
      "naive %.4f), sMAPE %.2f%% (seasonal naive %.2f%%)" % (s["series"], s["series_skipped"],
      sum(r["examples"] for r in rounds) // max(1, s["epochs"]), s["test_mase"], s["test_seasonal_naive_mase"],
      s["test_naive_mase"], s["test_smape"], s["test_seasonal_naive_smape"]))
print("driver: -Xmx512m, peak heap before a collection %d MB; %d rounds, median %.0f ms (overhead %.0f ms), "
      "%.0f windows/s, data read in %.1f s, %.0f s in all" % (peak, len(rounds), ms[len(ms) // 2],
      over[len(over) // 2], s["examples_per_s"], s["data_load_s"], s["wall_s"]))
PY
