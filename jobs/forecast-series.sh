#!/usr/bin/env bash
# Forecasting real series: co2 (weekly 1958-2001), sunspots (yearly 1700-2008), macrodata (quarterly 1959-2009,
# real GDP, consumption and investment) and elec_equip (monthly 1995-2016) from Debian's python3-statsmodels
# (downloaded and unpacked under target/ when not installed, never shipped), each built into a table of one series
# (jobs/peer/forecast_peer.py tables). For each: the job trains on local Spark with its settings (datasets.json)
# and forecasts the last forecast.testSteps of the series; on the same test part the same script computes the
# naive and seasonal naive forecasts, statsmodels' exponential smoothing or ARIMA fitted on the training part, and
# PyTorch's LSTM of the job's shape on the job's windows (where Debian's python3-torch is installed). Prints MASE
# and sMAPE of all five per data set, and the training rates in windows/s.
#   jobs/forecast-series.sh [--no-peer] [key=value ...]      e.g. jobs/forecast-series.sh train.epochs=20
# FORECAST_SERIES=DIR changes where the tables and runs go (runs/forecast-series); FORECAST_DATA=a,b picks data sets.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"

root="${FORECAST_SERIES:-$PROJECT_DIR/runs/forecast-series}"
torch_flag=()
settings=()
for arg in "$@"; do
  case "$arg" in
    --no-peer) torch_flag=(--no-torch) ;;
    *) settings+=("$arg") ;;
  esac
done
/usr/bin/python3 -c 'import torch' 2>/dev/null || torch_flag=(--no-torch)
# statsmodels' data sets and models: installed, or unpacked from Debian's packages onto PYTHONPATH.
if ! /usr/bin/python3 -c 'import statsmodels' 2>/dev/null; then
  export PYTHONPATH="$(debian_unpacked python3-statsmodels)/usr/lib/python3/dist-packages:$(debian_unpacked \
    python3-statsmodels-lib)/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"
fi
datasets_dir="$(/usr/bin/python3 -c 'import os, statsmodels.datasets as d; print(os.path.dirname(d.__file__))')"
mkdir -p "$root"
/usr/bin/python3 jobs/peer/forecast_peer.py tables "$root" --datasets "$datasets_dir"
results=()
for name in $(echo "${FORECAST_DATA:-co2,sunspots,macrodata,elec_equip}" | tr ',' ' '); do
  mapfile -t own < <(/usr/bin/python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))[sys.argv[2]]["settings"]))' \
    "$root/datasets.json" "$name")
  log "$name: training the forecaster (${own[*]} ${settings[*]+${settings[*]}})"
  (submit_local "$MAIN_CLASS" "${own[@]}" "data.train=$root/$name" "output=$root/$name-lstm" output.overwrite=true \
    log.progress=epoch "${settings[@]+"${settings[@]}"}")
  log "$name: baselines, statsmodels and PyTorch on the same test part"
  peer_line=$(peer_python jobs/peer/forecast_peer.py peer --table "$root/$name/part-0.csv" --name "$name" \
    --datasets "$datasets_dir" --threads "$(getconf _NPROCESSORS_ONLN)" "${torch_flag[@]+"${torch_flag[@]}"}" \
    "${settings[@]+"${settings[@]}"}" | tail -n 1) \
    || peer_line=$(/usr/bin/python3 jobs/peer/forecast_peer.py peer --table "$root/$name/part-0.csv" --name "$name" \
      --datasets "$datasets_dir" --no-torch "${settings[@]+"${settings[@]}"}" | tail -n 1)
  results+=("$name" "$root/$name-lstm/summary.json" "$peer_line")
done
/usr/bin/python3 - "${results[@]}" <<'PY'
import json, sys
args = sys.argv[1:]
print("forecast-series: test MASE / sMAPE %% on each series' last forecast.testSteps (one block of the horizon)")
print("%-11s %7s %5s  %15s %15s %15s %15s %15s  %s" % ("data", "steps", "test", "naive", "seasonal naive",
      "statsmodels", "PyTorch LSTM", "spark-lstm", "windows/s job | PyTorch"))
for k in range(0, len(args), 3):
    name, job, peer = args[k], json.load(open(args[k + 1])), json.loads(args[k + 2])
    cell = lambda f: "%6.3f / %6.2f" % (f["mase"], f["smape"])
    lstm = {"mase": job["test_mase"], "smape": job["test_smape"]}
    torch = cell(peer["pytorch_lstm"]) if "pytorch_lstm" in peer else "-"
    rate = "%.0f | %s" % (job["examples_per_s"], "%.0f" % peer["pytorch_windows_per_s"]
                          if "pytorch_windows_per_s" in peer else "-")
    print("%-11s %7d %5d  %15s %15s %15s %15s %15s  %s" % (name, peer["steps"], peer["test_values"],
          cell(peer["naive"]), cell(peer["seasonal_naive"]), cell(peer["statsmodels"]), torch, cell(lstm), rate))
    # The job and the peer cut the same test part: their baselines must agree.
    if abs(job["test_seasonal_naive_mase"] - peer["seasonal_naive"]["mase"]) > 1e-4 * max(1, peer["seasonal_naive"]["mase"]):
        sys.exit("%s: the job's seasonal naive MASE %.6f differs from the peer's %.6f: not the same split"
                 % (name, job["test_seasonal_naive_mase"], peer["seasonal_naive"]["mase"]))
for k in range(0, len(args), 3):
    print("%s: statsmodels is %s" % (args[k], json.loads(args[k + 2])["statsmodels_model"]))
PY
