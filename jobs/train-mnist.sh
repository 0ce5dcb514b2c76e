#!/usr/bin/env bash
# Trains on local Spark (all cores) with the shipped data/mnist and conf/mnist-lstm.properties.
#   jobs/train-mnist.sh [--resume] [key=value ...]      e.g. jobs/train-mnist.sh train.epochs=3 output=runs/quick
# Builds the application jar and a Maven-assembled Spark when missing. Set SPARK_LOCAL_MASTER to change local[*].
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The shipped config unless the caller names one.
config=(--config conf/mnist-lstm.properties)
for arg in "$@"; do [[ "$arg" == --config* ]] && config=(); done
submit_local "$MAIN_CLASS" "${config[@]}" "$@"
