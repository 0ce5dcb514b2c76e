#!/usr/bin/env bash
# Forecasts every series of a table past its end with a saved forecaster (a model.task=forecast run's model/) on
# local Spark (all cores): a row per series and step ahead, the series, the time, horizon (1..H) and each target,
# written beside output and renamed into it (a nightly pipeline's step).
#   jobs/forecast.sh --model runs/<run>/model input=PATH [input.format=parquet|orc|json|csv] output=PATH
#                    [output.format=parquet|orc|json|csv] [output.overwrite=true] [data.option.*=...]
# On a cluster, the same subcommand: jobs/submit.sh --master ... -- forecast --model hdfs://... input=... output=...
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
submit_local "$MAIN_CLASS" forecast "$@"
