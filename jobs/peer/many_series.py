#!/usr/bin/env python3
"""A table of many daily series with stated structure, for the forecaster at scale (jobs/forecast-scale.sh).

Series s (s0 .. s<N-1>), days 2020-01-01 on, LENGTH days each:
  y_t = level_s * week_s[t mod 7] * (1 + trend_s * t / 365) + level_s * 0.05 * u_t,   u_t = 0.6 u_{t-1} + e_t
level_s log-uniform in [10, 10000], week_s uniform in [0.6, 1.4] per weekday, trend_s uniform in [-0.2, 0.2] per
year, e_t standard normal: a weekly season, a trend and autocorrelated noise of 5% of the level. Written as CSV
files of FILE_ROWS rows each (store,date,sales).
"""
import datetime
import math
import os
import random
import sys

out, count, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows_per_file = 500_000
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
start = datetime.date(2020, 1, 1)
dates = [(start + datetime.timedelta(days=t)).isoformat() for t in range(length)]
part, written, f = 0, 0, None
for s in range(count):
    level = math.exp(rng.uniform(math.log(10), math.log(10000)))
    week = [rng.uniform(0.6, 1.4) for _ in range(7)]
    trend = rng.uniform(-0.2, 0.2)
    u = 0.0
    for t in range(length):
        if f is None or written >= rows_per_file:
            if f:
                f.close()
            f = open(os.path.join(out, "part-%05d.csv" % part), "w")
            f.write("store,date,sales\n")
            part, written = part + 1, 0
        u = 0.6 * u + rng.gauss(0, 1)
        y = level * week[t % 7] * (1 + trend * t / 365) + level * 0.05 * u
        f.write("s%d,%s,%.3f\n" % (s, dates[t], y))
        written += 1
f.close()
