#!/usr/bin/env bash
# Accuracy at scale: the shipped configuration (MNIST, 10 epochs) on 1, 2, 4, 8, 16, 32 and 64 workers, with this
# version's defaults and with the defaults before the many-worker settings (every run a distributed training on
# local Spark; workers are partitions sharing the machine's cores, which changes the time, not the accuracy).
# Every trial trains on the whole training set and is compared on the test set (sweep --metric test_accuracy).
#   jobs/scale-study.sh [output=runs/scale-study] [--workers 1,2,4,8,16,32,64] [key=value ...]
#   jobs/scale-study.sh --fashion [output=runs/scale-fashion] [--workers 1,16]
# --fashion: Fashion-MNIST (Debian's dataset-fashion-mnist, installed when run as root; not shipped) in MNIST's place.
# Writes OUT/new and OUT/old (sweeps: results.md, lines.md, trials/) and OUT/table.md (test accuracy and examples/s
# of both, a row per worker count). Rerun the same command to continue an interrupted study.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
output=runs/scale-study
workers=1,2,4,8,16,32,64
settings=()
fashion=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --fashion) fashion=1; shift ;;
    output=*) output=${1#output=}; shift ;;
    *) settings+=("$1"); shift ;;
  esac
done
if [[ -n "${fashion:-}" ]]; then
  [[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] || debian_install dataset-fashion-mnist
  settings=(data.path=/usr/share/datasets/fashion-mnist "${settings[@]}")
  [[ "$output" == runs/scale-study ]] && output=runs/scale-fashion
  [[ "$workers" == 1,2,4,8,16,32,64 ]] && workers=1,16
fi
# The defaults before the many-worker settings (the "old" column): every worker averaged every 32 minibatches of
# 128 at the rate of one. One worker trains the same bits either way (ScaledAveragingTest), so "old" skips it.
OLD=(train.averagingFrequency=32 train.learningRateScaling=none train.scalingWarmupEpochs=0 train.globalBatchLimit=0)
study() { # study NAME WORKERS [key=value ...]
  local name=$1 counts=$2; shift 2
  (submit_local "$MAIN_CLASS" sweep --config conf/mnist-lstm.properties --mode distributed --metric test_accuracy \
    --grid "train.workers=$counts" --lines train.workers log.progress=none "${settings[@]}" "$@" \
    output="$output/$name")
}
study new "$workers"
study old "$(echo ",$workers," | sed 's/,1,/,/; s/^,//; s/,$//')" "${OLD[@]}"
# One table: a row per worker count, test accuracy and training examples/s of both.
{
  echo "| workers | old defaults: test accuracy (%) | new defaults: test accuracy (%) | old: examples/s | new: examples/s |"
  echo "|---:|---:|---:|---:|---:|"
  awk -F, 'FNR == 1 { file++; next }
    { acc[$2, file] = sprintf("%.2f", 100 * $7); rate[$2, file] = sprintf("%.0f", $9); seen[$2] = 1 }
    END { for (w in seen) { if (!((w, 2) in acc)) { acc[w, 2] = acc[w, 1]; rate[w, 2] = rate[w, 1] }
      printf "%d\t| %d | %s | %s | %s | %s |\n", w, w, acc[w, 2], acc[w, 1], rate[w, 2], rate[w, 1] } }' \
    "$output/new/results.csv" "$output/old/results.csv" | sort -n | cut -f2-
} > "$output/table.md"
cat "$output/table.md"
