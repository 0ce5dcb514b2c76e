#!/usr/bin/env bash
# A character language model of real English: the definitions of GCIDE (Webster's 1913 + WordNet), Debian's
# dict-gcide, downloaded and unpacked under target/ when not installed, never shipped. Builds the corpus into
# runs/gcide-text unless there: every GCIDE_STRIDE-th entry (default 8), cut of its markup (headword syllable marks,
# pronunciations, source tags, braces) and of the file's few bytes that are not UTF-8, one entry a line, entries
# dealt in turn into four files. Computes the baseline on the same split: a character 5-gram with interpolated
# Witten-Bell smoothing, trained on each file's first 90% and scored on its last 10%, the test text the job holds
# out. Trains with conf/gcide-chars.properties on local Spark (all cores); trains PyTorch's same model with the same
# settings on the same windows where Debian's python3-torch is installed (jobs/peer/torch_charlm.py); prints bits
# per character of the three and samples at two temperatures.
#   jobs/gcide-text.sh [key=value ...]      e.g. jobs/gcide-text.sh train.epochs=1
# Where Debian's python3-torch is installed, PyTorch also loads the trained model with no conversion and gives each
# character of the first 3,000 test characters the job's log-probability (jobs/peer/torch_charlm_parity.py).
# GCIDE_TEXT=DIR changes where the corpus and runs go, GCIDE_RUN=NAME the run's directory in it (lstm); --no-peer
# skips PyTorch's training; --parity trains a small model on every 64th entry for 3 epochs and checks only PyTorch's
# log-probabilities of it (what .ci/run runs; fails if they differ).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_DIR"

root="${GCIDE_TEXT:-$PROJECT_DIR/runs/gcide-text}"
peer=true
parity_only=false
run="${GCIDE_RUN:-lstm}"
settings=()
for arg in "$@"; do
  case "$arg" in
    --no-peer) peer=false ;;
    --parity) parity_only=true ;;
    *) settings+=("$arg") ;;
  esac
done
if [[ "$parity_only" == true ]]; then
  root="$PROJECT_DIR/target/gcide-parity"   # never a study's directory: its corpus and run are its own
  GCIDE_STRIDE="${GCIDE_STRIDE:-64}"
  settings=(train.epochs=3 model.hidden=64 "${settings[@]+"${settings[@]}"}")
fi
dict=/usr/share/dictd/gcide.dict.dz
[[ -f "$dict" ]] || dict="$(debian_unpacked dict-gcide)/usr/share/dictd/gcide.dict.dz"
if [[ ! -f "$root/baseline.json" ]]; then
  log "building the corpus and its 5-gram baseline into $root"
  /usr/bin/python3 - "$dict" "$root" "${GCIDE_STRIDE:-8}" <<'PY'
import collections, gzip, json, math, os, re, sys
dict_path, root, stride = sys.argv[1], sys.argv[2], int(sys.argv[3])
# The file is UTF-8 but for a few stray bytes (0x92 and the like): those are dropped.
text = gzip.open(dict_path).read().decode("utf-8", errors="replace").replace("\ufffd", "")
entries = []
for block in text.split("\n\n"):
    lines = [l.strip() for l in block.split("\n")]
    lines = [l for l in lines if l and not re.fullmatch(r"\[[^\]]*\]", l)]      # [1913 Webster], [WordNet 1.5]
    if not lines or lines[0].startswith("00-database"):
        continue
    entry = " ".join(lines)
    entry = re.sub(r"\\[^\\]*\\", "", entry)                  # \Ab"a*cus\ : the headword's marks
    entry = re.sub(r"\([^()]*\[[^()]*\)", "", entry)          # ([a^]b"[.a]*k[u^]s) : pronunciations
    entry = re.sub(r"[{}]", "", entry)                        # {Abacus} : cross references keep their words
    entry = re.sub(r"\s+", " ", entry).strip()
    if len(entry) > 20:
        entries.append(entry)
kept = entries[::stride]
os.makedirs(os.path.join(root, "corpus"), exist_ok=True)
files = [[] for _ in range(4)]
for k, e in enumerate(kept):
    files[k % 4].append(e)
parts = []
for k, f in enumerate(files):
    body = "\n".join(f) + "\n"
    with open(os.path.join(root, "corpus", "part-%d.txt" % k), "w", encoding="utf-8") as out:
        out.write(body)
    chars = list(body)                                        # code points, as data.text.unit=char
    held = len(chars) - int(math.floor(len(chars) * 0.1 + 0.5))  # Java's Math.round, as TextWindows.heldFrom
    parts.append((chars[:held], chars[held:]))
# The 5-gram with interpolated Witten-Bell smoothing, over the job's symbols: the training text's characters and
# <unk> (a test character never seen in training).
order = 5
vocab = set(c for train, _ in parts for c in train)
V = len(vocab) + 1
counts = [collections.Counter() for _ in range(order)]        # counts[n][(history, c)], history of n characters
totals = [collections.Counter() for _ in range(order)]
types = [collections.Counter() for _ in range(order)]
for train, _ in parts:
    for i in range(len(train)):
        for n in range(order):
            if i - n < 0:
                break
            key = (tuple(train[i - n:i]), train[i])
            if counts[n][key] == 0:
                types[n][key[0]] += 1
            counts[n][key] += 1
            totals[n][key[0]] += 1
def probability(history, c):
    p = 1.0 / V
    for n in range(order):
        if n > len(history):
            break
        h = tuple(history[len(history) - n:]) if n else ()
        t = totals[n].get(h, 0)
        if t == 0:
            break
        u = types[n][h]
        p = (counts[n].get((h, c), 0) + u * p) / (t + u)
    return p
bits = 0.0
scored = 0
unknown = 0
for train, test in parts:
    # The job's test targets: every held-out character but the first, each seen after held-out text only.
    symbols = [c if c in vocab else "<unk>" for c in test]
    unknown += sum(s == "<unk>" for s in symbols)
    for i in range(1, len(symbols)):
        bits -= math.log2(probability(symbols[max(0, i - order + 1):i], symbols[i]))
        scored += 1
json.dump({"entries": len(entries), "kept_entries": len(kept), "stride": stride,
           "train_chars": sum(len(t) for t, _ in parts), "test_chars": sum(len(t) for _, t in parts),
           "test_unknown": unknown, "symbols": V, "baseline": "character 5-gram, interpolated Witten-Bell",
           "baseline_bits_per_char": bits / scored}, open(os.path.join(root, "baseline.json"), "w"), indent=1)
PY
fi
(submit_local "$MAIN_CLASS" --config conf/gcide-chars.properties "data.train=$root/corpus" "output=$root/$run" \
  output.overwrite=true log.progress=epoch "${settings[@]+"${settings[@]}"}")
# The first 3,000 characters of the first file's test end, scored by the job and by PyTorch from the saved model.
parity_line=""
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 - "$root/corpus" "$root/$run-parity.txt" <<'PY'
import glob, math, sys
text = open(sorted(glob.glob(sys.argv[1] + "/*"))[0], encoding="utf-8", newline="").read()
held = len(text) - int(math.floor(len(text) * 0.1 + 0.5))      # conf/gcide-chars.properties' data.text.heldOut
open(sys.argv[2], "w", encoding="utf-8", newline="").write(text[held:held + 3000])
PY
  (submit_local "$MAIN_CLASS" generate --model "$root/$run/model" --prompt-file "$root/$run-parity.txt" --score \
    > "$root/$run-parity-scores.json")
  parity_line=$(peer_python jobs/peer/torch_charlm_parity.py --model "$root/$run/model" \
    --text "$root/$run-parity.txt" --scores "$root/$run-parity-scores.json") \
    || { log "PyTorch's log-probabilities differ from the job's: $parity_line"; exit 1; }
fi
if [[ "$parity_only" == true ]]; then
  [[ -n "$parity_line" ]] || { log "--parity needs Debian's python3-torch"; exit 1; }
  echo "gcide-text parity: $parity_line"
  exit 0
fi
samples=()
for t in 0.5 1.0; do
  samples+=("$(submit_local "$MAIN_CLASS" generate --model "$root/$run/model" --prompt "Abacus, n. " \
    --length 240 --temperature "$t" --seed 1 2>/dev/null | tr '\n' ' ')")
done
peer_line=""
if [[ "$peer" == true ]]; then
  read -r embedding hidden layers epochs batch rate clip window < <(/usr/bin/python3 - "$root/$run/config.properties" <<'PY'
import sys
c = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[1]) if "=" in l and not l.startswith("#"))
print(c["model.embedding"], c["model.hidden"], c["model.layers"], c["train.epochs"], c["train.batchSize"],
      c["train.learningRate"], c["train.clipNorm"], c["data.text.window"])
PY
)
  log "PyTorch's same model on the same windows: $embedding-wide embedding, $layers x $hidden units, $epochs epochs"
  peer_line=$(peer_python jobs/peer/torch_charlm.py --corpus "$root/corpus" --model "$root/$run/model" \
    --embedding "$embedding" --hidden "$hidden" --layers "$layers" --epochs "$epochs" --batch "$batch" \
    --lr "$rate" --clip "$clip" --window "$window" --threads "$(getconf _NPROCESSORS_ONLN)" | tail -n 1) \
    || { log "no PyTorch peer (Debian's python3-torch is not installed)"; peer_line=""; }
fi
/usr/bin/python3 - "$root/baseline.json" "$root/$run/summary.json" "$peer_line" "$parity_line" "${samples[@]}" <<'PY'
import json, math, sys
base, job = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print("gcide-text: %d of %d GCIDE entries (every %d-th), %d training and %d test characters (%d unknown), %d symbols"
      % (base["kept_entries"], base["entries"], base["stride"], base["train_chars"], base["test_chars"],
         base["test_unknown"], base["symbols"]))
print("%-44s %14s  %s" % ("", "bits/char", "time"))
print("%-44s %14.3f" % (base["baseline"], base["baseline_bits_per_char"]))
print("%-44s %14.3f  %.0f s, %.0f chars/s" % ("spark-lstm (%d epochs)" % job["epochs"], job["test_bits_per_step"],
      job["wall_s"], job["examples_per_s"] * 100))
if sys.argv[3].startswith("{"):
    p = json.loads(sys.argv[3])
    print("%-44s %14.3f  %.0f s, %.0f chars/s" % ("PyTorch, same model and windows (1 process)",
          p["test_bits_per_char"], p["train_s"], p["chars_per_s"]))
print("(nats/char = bits/char x ln 2: spark-lstm %.3f)" % (job["test_bits_per_step"] * math.log(2)))
if sys.argv[4].startswith("{"):
    q = json.loads(sys.argv[4])
    print("PyTorch loads the saved model: %d test characters, log-probabilities within %.1e of the job's "
          "(%.4f bits/char both ways)" % (q["characters"], q["max_abs_difference"], q["torch_bits_per_char"]))
for t, s in zip(("0.5", "1.0"), sys.argv[5:]):
    print("sample at temperature %s: %s" % (t, s.strip()))
PY
