#!/usr/bin/env bash
# Evaluates a saved model directory on a test set, on local Spark (all cores), and prints JSON. The test set is
# named with the training job's data keys; the default is the shipped MNIST test set.
#   jobs/evaluate.sh --model runs/<run>/model [--data data/mnist] [data.format=parquet data.test=PATH ...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
submit_local "$MAIN_CLASS" evaluate "$@"
