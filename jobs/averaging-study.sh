#!/usr/bin/env bash
# The averaging study: does parameter averaging cost accuracy against one worker? MNIST (the shipped config) for a
# fixed epoch budget, workers 1..16 x averaging every 1..64 minibatches x mean or BMUF averaging, each a distributed
# training on local Spark; a validation share of 10% is held out (the sweep's default), the test set is MNIST's.
#   jobs/averaging-study.sh [output=runs/averaging-study] [train.epochs=3] [key=value ...]
# Writes OUT/results.md (every trial), OUT/lines.md (test accuracy and examples/s: a row per worker count, a
# column per frequency and method) and OUT/lines.png. Rerun the same command to continue an interrupted study.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
output=runs/averaging-study
for arg in "$@"; do [[ "$arg" == output=* ]] && output="${arg#output=}"; done
submit_local "$MAIN_CLASS" sweep --config conf/mnist-lstm.properties --mode distributed \
  --grid train.workers=1,2,4,8,16 --grid train.averagingFrequency=1,4,16,64 --grid averaging.method=mean,bmuf \
  --lines train.workers train.epochs=3 log.progress=none "$@" output="$output"
