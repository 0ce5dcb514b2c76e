#!/usr/bin/env bash
# A second real task, with sequences of different lengths: the language of a word from its letters (one-hot steps),
# from the word lists Debian installs under /usr/share/dict (wamerican, wngerman, wfrench, wspanish, witalian; not
# shipped with the project). Installs missing lists when run as root, builds the tables (Parquet, 20,000 words per
# language, 80/20 split per language, seed 1) into runs/words-data unless there, prints two baselines, then trains
# with conf/words-lstm.properties on local Spark (all cores).
#   jobs/words.sh [key=value ...]          e.g. jobs/words.sh train.epochs=3 output=runs/words-quick
# WORDS_DATA=DIR changes where the tables go; WORDS_OPTS="--per-language 5000 --languages english,german" changes
# the task (with a new WORDS_DATA).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

data="${WORDS_DATA:-$PROJECT_DIR/runs/words-data}"
missing=()
for package in wamerican:american-english wngerman:ngerman wfrench:french wspanish:spanish witalian:italian; do
  [[ -f "/usr/share/dict/${package#*:}" ]] || missing+=("${package%%:*}")
done
debian_install "${missing[@]}"
if [[ ! -f "$data/task.json" ]]; then
  # shellcheck disable=SC2086
  (submit_local "$MAIN_CLASS" words --output "$data" --overwrite ${WORDS_OPTS:-})
fi
submit_local "$MAIN_CLASS" --config conf/words-lstm.properties "data.train=$data/train" "data.test=$data/test" "$@"
