#!/usr/bin/env python3
"""Loads a per-step model the job saved into PyTorch's nn.LSTM and nn.Linear with no conversion, and checks that
PyTorch predicts every step as the job did: the same class at every step, and probabilities within a tolerance.

The model directory holds model.json and model.safetensors (tensors in nn.LSTM's names, the backward direction's
as its _reverse ones); the predictions are jobs/predict.sh's JSON output (output.format=json) for words of one-hot
letters a..z (the syllables task): a row per word with its `word`, `prediction` (a class per letter) and
`probability` (per letter, in class order). Sequences are run packed, as PyTorch runs batches of different
lengths. Prints one JSON line; exits 1 when any step differs.
"""
import argparse
import glob
import json
import struct
import sys

import numpy as np
import torch


def safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = {"F32": np.float32, "F64": np.float64}[info["dtype"]]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"]).copy())
    return tensors


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--predictions", required=True)
    p.add_argument("--tolerance", type=float, default=1e-4)
    args = p.parse_args()
    spec = json.load(open(args.model + "/model.json"))
    a = spec["architecture"]
    assert a["output"] == "steps", "a per-step model is expected"
    lstm = torch.nn.LSTM(a["input_size"], a["hidden_size"], a["num_layers"], batch_first=True,
                         bidirectional=a.get("bidirectional", False))
    out = torch.nn.Linear(a["hidden_size"] * (2 if a.get("bidirectional") else 1), a["num_classes"])
    w = safetensors(args.model + "/model.safetensors")
    lstm.load_state_dict({k[5:]: v.float() for k, v in w.items() if k.startswith("lstm.")})
    out.load_state_dict({k[4:]: v.float() for k, v in w.items() if k.startswith("out.")})
    names = spec["labels"].get("names") or [str(k) for k in range(a["num_classes"])]
    scaling = spec["input"]
    mean = torch.tensor(scaling.get("mean", [0.0] * a["input_size"]))
    std = torch.tensor(scaling.get("std", [1.0] * a["input_size"]))
    rows = [json.loads(line) for f in sorted(glob.glob(args.predictions + "/*.json")) for line in open(f)]
    rows.sort(key=lambda r: -len(r["word"]))
    steps = disagree = 0
    worst = 0.0
    with torch.no_grad():
        for start in range(0, len(rows), 256):
            chunk = rows[start:start + 256]
            lengths = [len(r["word"]) for r in chunk]
            x = torch.zeros(len(chunk), lengths[0], a["input_size"])
            for i, r in enumerate(chunk):
                for t, c in enumerate(r["word"]):
                    x[i, t, ord(c) - 97] = 1
            x = (x - mean) / std
            packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
            h, _ = torch.nn.utils.rnn.pad_packed_sequence(lstm(packed)[0], batch_first=True)
            probability = torch.softmax(out(h), -1)
            for i, r in enumerate(chunk):
                for t in range(lengths[i]):
                    steps += 1
                    mine = probability[i, t]
                    disagree += names[int(mine.argmax())] != str(r["prediction"][t])
                    worst = max(worst, float((mine - torch.tensor(r["probability"][t])).abs().max()))
    result = {"words": len(rows), "steps": steps, "steps_predicted_otherwise": disagree,
              "max_probability_difference": worst, "tolerance": args.tolerance}
    print(json.dumps(result))
    sys.exit(0 if disagree == 0 and worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
