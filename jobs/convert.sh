#!/usr/bin/env bash
# Writes an IDX data set (default: the shipped data/mnist) as tables of sequences, on local Spark (all cores):
# OUT/train and OUT/test with columns features array<array<float>> (steps x features of pixel/255) and label int.
#   jobs/convert.sh output=data/mnist-parquet [data.view=rows] [data.path=DIR] [--format parquet|orc|json]
#                   [--rows-per-file 25000] [output.overwrite=true]
# Then: jobs/train-mnist.sh data.format=parquet data.train=OUT/train data.test=OUT/test
# On a cluster, the same subcommand: jobs/submit.sh --master ... -- convert data.path=hdfs:///mnist output=hdfs:///t
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
submit_local "$MAIN_CLASS" convert "$@"
