#!/usr/bin/env python3
"""Real series from Debian's python3-statsmodels as the job's tables, and the peers of the job's forecaster on them.

  forecast_peer.py tables OUT [--datasets DIR]
      writes OUT/<name>/part-0.csv for co2 (weekly 1958-2001), sunspots (yearly 1700-2008), macrodata (quarterly
      1959-2009, three of its 14 variables forecast) and elec_equip (monthly 1995-2016), each a table of one series
      as the job reads it, and OUT/datasets.json: each one's settings (the job's key=value list).
  forecast_peer.py peer --table CSV --name NAME [--datasets DIR] [--threads 2] [--no-torch] [key=value ...]
      the figures of the same test part, cut as the job cuts it (the last forecast.testSteps of the series, in
      blocks of forecast.horizon, each forecast from the steps before it; gaps filled as forecast.fillGaps says):
      naive, seasonal naive, statsmodels' exponential smoothing or ARIMA fitted on the training part, and PyTorch's
      LSTM of the job's shape trained on the job's windows (per-series standardisation of the training part,
      Keras initialisation, Adam with a cosine schedule, clipping at 1.0). One JSON line. The key=value settings
      the job was given on top of the data set's (model.hidden, train.epochs, ...) apply to the peer too.
MASE divides by the training part's mean absolute seasonal difference, sMAPE is 200|e|/(|y|+|f|) in percent: the
job's definitions (ForecastMetrics).
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys
import time

import numpy as np

DATASETS = "/usr/lib/python3/dist-packages/statsmodels/datasets"

# The settings of each data set: the job's own keys, which the peer reads too.
SETTINGS = {
    "co2": {"series.timeCol": "date", "series.valueCols": "co2", "forecast.lookback": 104, "forecast.horizon": 52,
            "forecast.testSteps": 52, "forecast.season": 52, "forecast.fillGaps": "linear", "train.epochs": 30,
            "peer": "Holt-Winters, additive trend and season 52"},
    "sunspots": {"series.timeCol": "year", "series.valueCols": "activity", "forecast.lookback": 33,
                 "forecast.horizon": 11, "forecast.testSteps": 11, "forecast.season": 11, "train.epochs": 150,
                 "peer": "ARIMA(9,0,0) with a constant"},
    "macrodata": {"series.timeCol": "date", "series.frequency": "quarter",
                  "series.valueCols": "realgdp,realcons,realinv", "forecast.lookback": 16, "forecast.horizon": 8,
                  "forecast.testSteps": 8, "forecast.season": 4, "train.epochs": 150,
                  "peer": "Holt's linear trend per variable"},
    "elec_equip": {"series.timeCol": "date", "series.frequency": "month", "series.valueCols": "orders",
                   "forecast.lookback": 36, "forecast.horizon": 12, "forecast.testSteps": 12, "forecast.season": 12,
                   "train.epochs": 150, "peer": "Holt-Winters, additive trend and season 12"},
}
COMMON = {"model.task": "forecast", "data.format": "csv", "model.hidden": 32, "train.batchSize": 32,
          "train.learningRate": 0.005, "train.workers": 1, "train.averagingFrequency": 8}


def tables(out, datasets):
    global DATASETS
    DATASETS = datasets
    rows = {}
    with open(f"{DATASETS}/co2/co2.csv") as f:
        # 59 weeks have no reading: those rows are left out, and the job fills the gaps (forecast.fillGaps=linear).
        rows["co2"] = [("date", "co2")] + [(datetime.datetime.strptime(r["date"], "%Y%m%d").date().isoformat(),
                                             r["co2"]) for r in csv.DictReader(f) if r["co2"] not in ("", "NaN")]
    with open(f"{DATASETS}/sunspots/sunspots.csv") as f:
        rows["sunspots"] = [("year", "activity")] + [(r["YEAR"].split(".")[0], r["SUNACTIVITY"])
                                                       for r in csv.DictReader(f)]
    with open(f"{DATASETS}/macrodata/macrodata.csv") as f:
        rows["macrodata"] = [("date", "realgdp", "realcons", "realinv")] + [
            (datetime.date(int(float(r["year"])), 3 * int(float(r["quarter"])) - 2, 1).isoformat(), r["realgdp"],
             r["realcons"], r["realinv"]) for r in csv.DictReader(f)]
    with open(f"{DATASETS}/elec_equip/elec_equip.csv") as f:
        reader = csv.reader(f)
        next(reader)
        rows["elec_equip"] = [("date", "orders")] + [
            (datetime.datetime.strptime(r[0], "%b-%d-%Y").date().isoformat(), r[1]) for r in reader]
    for name, table in rows.items():
        os.makedirs(f"{out}/{name}", exist_ok=True)
        with open(f"{out}/{name}/part-0.csv", "w", newline="") as f:
            csv.writer(f).writerows(table)
    settings = {}
    for name, own in SETTINGS.items():
        keys = dict(COMMON)
        keys.update({k: v for k, v in own.items() if k != "peer"})
        settings[name] = {"settings": [f"{k}={v}" for k, v in keys.items()], "peer": own["peer"],
                          "observations": len(rows[name]) - 1}
    json.dump(settings, open(f"{out}/datasets.json", "w"), indent=1)


def regular(path, settings):
    """The series on its regular grid, gaps filled linearly, as the job makes it (Series.of)."""
    with open(path) as f:
        reader = csv.DictReader(f)
        raw = list(reader)
    time_col = settings["series.timeCol"]
    targets = settings["series.valueCols"].split(",")
    if time_col == "year":
        times = [int(r[time_col]) for r in raw]
    else:
        days = [datetime.date.fromisoformat(r[time_col]) for r in raw]
        unit = settings.get("series.frequency", "auto")
        times = ([d.year * 12 + d.month - 1 for d in days] if unit == "month"
                 else [d.year * 4 + (d.month - 1) // 3 for d in days] if unit == "quarter"
                 else [d.toordinal() for d in days])
    order = np.argsort(times)
    times = np.array(times)[order]
    values = np.array([[float(r[c]) for c in targets] for r in raw])[order]
    step = int(np.min(np.diff(times)))
    n = (times[-1] - times[0]) // step + 1
    grid = np.full((n, len(targets)), np.nan)
    grid[(times - times[0]) // step] = values
    for j in range(len(targets)):
        known = ~np.isnan(grid[:, j])
        grid[:, j] = np.interp(np.arange(n), np.flatnonzero(known), grid[known, j])
    return grid, n - len(values)


def statsmodels_forecast(name, train, horizon):
    import warnings
    warnings.filterwarnings("ignore")
    from statsmodels.tsa.arima.model import ARIMA
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    out = np.zeros((horizon, train.shape[1]))
    for j in range(train.shape[1]):
        y = train[:, j]
        if name == "sunspots":
            fit = ARIMA(y, order=(9, 0, 0), trend="c").fit()
        elif name == "macrodata":
            fit = ExponentialSmoothing(y, trend="add").fit()
        else:
            fit = ExponentialSmoothing(y, trend="add", seasonal="add",
                                       seasonal_periods=SETTINGS[name]["forecast.season"]).fit()
        out[:, j] = fit.forecast(horizon)
    return out


def keras_init(lstm, head, hidden):
    import torch
    for pname, p in lstm.named_parameters():
        if pname.startswith("weight_ih"):
            torch.nn.init.xavier_uniform_(p)
        elif pname.startswith("weight_hh"):
            for g in range(4):
                torch.nn.init.orthogonal_(p.data[g * hidden:(g + 1) * hidden])
        elif pname.startswith("bias_ih"):
            torch.nn.init.zeros_(p)
            p.data[hidden:2 * hidden] = 1.0
        else:
            torch.nn.init.zeros_(p)
    torch.nn.init.xavier_uniform_(head.weight)
    torch.nn.init.zeros_(head.bias)


def torch_forecasts(series, train_end, origins, s, threads, seed):
    """PyTorch's LSTM of the job's shape on the job's windows: the test forecasts, and windows/s of training."""
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    lookback, horizon = s["forecast.lookback"], s["forecast.horizon"]
    hidden, batch, epochs = int(s["model.hidden"]), int(s["train.batchSize"]), int(s["train.epochs"])
    mean = series[:train_end].mean(axis=0)
    std = series[:train_end].std(axis=0)
    std[std <= 1e-12 * np.maximum(1, mean ** 2) ** 0.5] = 1
    z = ((series - mean) / std).astype(np.float32)
    starts = list(range(lookback, train_end - horizon + 1))
    x = torch.tensor(np.stack([z[o - lookback:o] for o in starts]))
    y = torch.tensor(np.stack([z[o:o + horizon].reshape(-1) for o in starts]))
    lstm = torch.nn.LSTM(z.shape[1], hidden, batch_first=True)
    head = torch.nn.Linear(hidden, horizon * z.shape[1])
    keras_init(lstm, head, hidden)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=float(s["train.learningRate"]))
    steps = epochs * math.ceil(len(starts) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.5 * (1 + math.cos(math.pi * min(k, steps) / steps)))
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(starts), generator=generator)
        for b in range(0, len(starts), batch):
            idx = perm[b:b + batch]
            out, _ = lstm(x[idx])
            loss = torch.nn.functional.mse_loss(head(out[:, -1]), y[idx])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        test = torch.tensor(np.stack([z[o - lookback:o] for o in origins]))
        out, _ = lstm(test)
        f = head(out[:, -1]).numpy().reshape(len(origins), horizon, -1)
    return f * std + mean, epochs * len(starts) / seconds


def figures(actual, forecast, scale):
    e = forecast - actual
    denominator = np.abs(actual) + np.abs(forecast)
    smape = np.where(denominator == 0, 0, 200 * np.abs(e) / np.where(denominator == 0, 1, denominator))
    return {"mase": float(np.mean(np.abs(e) / scale)), "smape": float(np.mean(smape)),
            "rmse": float(np.sqrt(np.mean(e ** 2))), "mae": float(np.mean(np.abs(e)))}


def peer(a):
    global DATASETS
    DATASETS = a.datasets
    s = dict(COMMON)
    s.update(SETTINGS[a.name])
    for override in a.settings:
        key, value = override.split("=", 1)
        if key in s or key.startswith("forecast.") or key.startswith("train.") or key.startswith("model."):
            s[key] = type(s[key])(value) if key in s and not isinstance(s[key], str) else value
    COMMON.update({k: s[k] for k in COMMON})
    series, filled = regular(a.table, s)
    n = len(series)
    horizon, test, m = s["forecast.horizon"], s["forecast.testSteps"], s["forecast.season"]
    train_end = n - test
    origins = list(range(n - test, n - horizon + 1, horizon))
    scale = np.mean(np.abs(series[m:train_end] - series[:train_end - m]), axis=0)
    actual = np.stack([series[o:o + horizon] for o in origins])
    naive = np.stack([np.repeat(series[o - 1:o], horizon, axis=0) for o in origins])
    seasonal = np.stack([np.stack([series[o + h - m * (h // m + 1)] for h in range(horizon)]) for o in origins])
    stats = np.stack([statsmodels_forecast(a.name, series[:o], horizon) for o in origins])
    result = {"data": a.name, "steps": n, "filled": int(filled), "train_steps": train_end,
              "test_values": int(actual.size), "naive": figures(actual, naive, scale),
              "seasonal_naive": figures(actual, seasonal, scale), "statsmodels": figures(actual, stats, scale),
              "statsmodels_model": SETTINGS[a.name]["peer"]}
    if not a.no_torch:
        lstm, rate = torch_forecasts(series, train_end, origins, s, a.threads, a.seed)
        result["pytorch_lstm"] = figures(actual, lstm, scale)
        result["pytorch_windows_per_s"] = rate
    print(json.dumps(result))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tables")
    t.add_argument("out")
    t.add_argument("--datasets", default=DATASETS)
    p = sub.add_parser("peer")
    p.add_argument("--table", required=True)
    p.add_argument("--name", required=True, choices=sorted(SETTINGS))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--datasets", default=DATASETS)
    p.add_argument("settings", nargs="*", help="key=value settings the job ran with")
    a = ap.parse_args()
    if a.command == "tables":
        tables(a.out, a.datasets)
    else:
        peer(a)


if __name__ == "__main__":
    sys.exit(main())
