#!/usr/bin/env bash
# Runs many trainings of the shipped configuration on local Spark (all cores) and compares them on a validation set.
#   jobs/sweep.sh --grid model.hidden=64,128,256 --grid train.learningRate=0.003,0.01 [key=value ...] output=DIR
#   jobs/sweep.sh --random 20 --range train.learningRate=log:1e-4:1e-1 --range model.hidden=int:32:256 output=DIR
#   [--mode tasks|distributed] [--parallel K] [--halving [--halving-rate 3] [--min-epochs 1]] [--metric ...]
# Writes DIR/trials/trial-NNN (run directories), DIR/results.csv, results.md, sweep.png; rerun to continue.
# On a cluster, the same subcommand: jobs/submit.sh --master ... -- sweep --grid ... output=hdfs:///sweeps/s1
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
config=(--config conf/mnist-lstm.properties)
for arg in "$@"; do [[ "$arg" == --config* ]] && config=(); done
submit_local "$MAIN_CLASS" sweep "${config[@]}" "$@"
