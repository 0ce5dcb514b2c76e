#!/usr/bin/env bash
# Scores a table (or IDX images) with a saved model on local Spark (all cores) and writes the input's other
# columns plus prediction (the class as the training labels wrote it) and probability, with Spark's writer.
#   jobs/predict.sh --model runs/<run>/model input=PATH [input.format=parquet|orc|json|csv|idx] output=PATH
#                   [output.format=parquet|orc|json|csv] [output.overwrite=true] [data.featuresCol=...]
# On a cluster, the same subcommand: jobs/submit.sh --master ... -- predict --model hdfs://... input=... output=...
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
submit_local "$MAIN_CLASS" predict "$@"
