#!/usr/bin/env bash
# A sequence-labelling task: each letter of a word labelled with what follows it (none, a syllable break, the
# primary or a secondary stress), from the headwords of GCIDE (Webster's 1913 + WordNet), Debian's dict-gcide:
# downloaded and unpacked under target/ when not installed, never shipped. Builds the tables (Parquet; the kept
# words shuffled with seed 1, 20% of them for testing) into runs/syllables-data unless there, with the baseline of
# each letter's +-2 letters; trains a forward-only and a bidirectional model with conf/syllables-lstm.properties on
# local Spark (all cores); runs PyTorch's same bidirectional model on the same split when Debian's python3-torch is
# installed (jobs/peer/torch_tagger.py), and checks there that PyTorch's nn.LSTM loads the job's bidirectional model
# and predicts every test letter as the job did (jobs/peer/torch_parity.py); prints the three beside the baseline.
#   jobs/syllables.sh [key=value ...]      e.g. jobs/syllables.sh train.epochs=3 (both trainings take them)
# SYLLABLES_DATA=DIR changes where the tables go; SYLLABLES_RUNS=DIR where the runs go; --no-peer skips PyTorch;
# --parity trains the bidirectional model only and checks PyTorch's predictions of it (what .ci/run runs).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"

data="${SYLLABLES_DATA:-$PROJECT_DIR/runs/syllables-data}"
runs="${SYLLABLES_RUNS:-$PROJECT_DIR/runs/syllables}"
peer=true
parity_only=false
settings=()
for arg in "$@"; do
  case "$arg" in
    --no-peer) peer=false ;;
    --parity) parity_only=true ;;
    *) settings+=("$arg") ;;
  esac
done
dict=/usr/share/dictd/gcide.dict.dz
[[ -f "$dict" ]] || dict="$(debian_unpacked dict-gcide)/usr/share/dictd/gcide.dict.dz"
if [[ ! -f "$data/task.json" ]]; then
  (submit_local "$MAIN_CLASS" syllables --dict "$dict" --output "$data" --overwrite)
fi
kinds=(forward bidirectional)
[[ "$parity_only" == true ]] && kinds=(bidirectional)
for kind in "${kinds[@]}"; do
  [[ "$kind" == forward ]] && direction=false || direction=true
  (submit_local "$MAIN_CLASS" --config conf/syllables-lstm.properties "data.train=$data/train" \
    "data.test=$data/test" "model.bidirectional=$direction" "output=$runs/$kind" output.overwrite=true \
    log.progress=epoch "${settings[@]+"${settings[@]}"}")
done
peer_line=""
parity_line=""
if [[ "$peer" == true ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  # The job's model in PyTorch with no conversion: every test letter predicted as the job predicted it.
  (submit_local "$MAIN_CLASS" predict --model "$runs/bidirectional/model" "input=$data/test" \
    "output=$runs/bidirectional-predictions" output.format=json output.overwrite=true)
  parity_line=$(peer_python jobs/peer/torch_parity.py --model "$runs/bidirectional/model" \
    --predictions "$runs/bidirectional-predictions") || { log "PyTorch predicts otherwise: $parity_line"; exit 1; }
fi
if [[ "$parity_only" == true ]]; then
  echo "$parity_line"
  exit 0
fi
if [[ "$peer" == true ]]; then
  # The job's settings, as conf/syllables-lstm.properties and the command line give them to the bidirectional run.
  read -r hidden layers epochs batch rate < <(/usr/bin/python3 - "$runs/bidirectional/config.properties" <<'PY'
import sys
c = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[1]) if "=" in l and not l.startswith("#"))
print(c["model.hidden"], c["model.layers"], c["train.epochs"], c["train.batchSize"], c["train.learningRate"])
PY
)
  log "PyTorch's bidirectional tagger on the same split: $layers x $hidden units, $epochs epochs"
  peer_line=$(peer_python jobs/peer/torch_tagger.py --data "$data" --hidden "$hidden" --layers "$layers" \
    --epochs "$epochs" --batch "$batch" --lr "$rate" --threads "$(getconf _NPROCESSORS_ONLN)" | tail -n 1) \
    || { log "no PyTorch peer (Debian's python3-torch is not installed)"; peer_line=""; }
fi
/usr/bin/python3 - "$data/task.json" "$runs/forward/summary.json" "$runs/bidirectional/summary.json" "$peer_line" \
  "$parity_line" <<'PY'
import json, sys
task, forward, both = (json.load(open(p)) for p in sys.argv[1:4])
rows = [("baseline (+-2 letters, backing off)", task["baseline_letter_accuracy"], task["baseline_word_accuracy"],
         task["baseline_macro_f1"], "")]
for name, s in (("spark-lstm, forward only", forward), ("spark-lstm, bidirectional", both)):
    rows.append((name, s["test_accuracy"], s["test_sequence_accuracy"], s["test_macro_f1"],
                 "%.0f s, %.0f words/s" % (s["wall_s"], s["examples_per_s"])))
if sys.argv[4].startswith("{"):
    p = json.loads(sys.argv[4])
    rows.append(("PyTorch, bidirectional (1 process)", p["test_letter_accuracy"], p["test_word_accuracy"],
                 p["test_macro_f1"], "%.0f words/s" % p["samples_per_s"]))
print("syllables: %d training and %d test words (%d test letters), labels %s" % (task["train_words"],
      task["test_words"], task["test_letters"], task["labels"]))
print("%-36s %8s %8s %9s  %s" % ("", "letters", "words", "macro-F1", "time"))
for name, letters, words, f1, time in rows:
    print("%-36s %7.2f%% %7.2f%% %9.4f  %s" % (name, 100 * letters, 100 * words, f1, time))
if sys.argv[5].startswith("{"):
    q = json.loads(sys.argv[5])
    print("the bidirectional model in PyTorch (nn.LSTM, packed): %d of %d test letters predicted otherwise, "
          "probabilities within %.1e" % (q["steps_predicted_otherwise"], q["steps"], q["max_probability_difference"]))
PY
