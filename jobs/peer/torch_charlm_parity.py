#!/usr/bin/env python3
"""Loads a character language model the job saved into PyTorch's nn.Embedding, nn.LSTM and nn.Linear with no
conversion, and checks that PyTorch gives every character of a text the log-probability the job gave it.

The model directory holds model.json (the vocabulary in labels.names, <unk> among them) and model.safetensors
(embedding.weight, lstm.*, out.* in PyTorch's names); the job's figures are `jobs/generate.sh --score` output for the
same text: one JSON line with `log_probabilities` (natural log, the probability of character t after characters
0..t-1). PyTorch reads the text as one sequence in one call; the job reads it in windows of its steps, each starting
from the state where the last ended, which is the same computation. Prints one JSON line; exits 1 when any
log-probability differs by more than the tolerance.
"""
import argparse
import json
import math
import sys

import torch

from torch_parity import safetensors


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="the job's model directory")
    p.add_argument("--text", required=True, help="the text the job scored (UTF-8)")
    p.add_argument("--scores", required=True, help="the job's `generate --score` JSON line for that text")
    p.add_argument("--tolerance", type=float, default=1e-4)
    args = p.parse_args()
    spec = json.load(open(args.model + "/model.json"))
    a = spec["architecture"]
    assert spec["input"].get("text_unit", "char") == "char", "a character model is expected"
    names = spec["labels"]["names"]
    index = {s: k for k, s in enumerate(names)}
    w = safetensors(args.model + "/model.safetensors")
    embedding = torch.nn.Embedding(a["input_size"], a["embedding"])
    lstm = torch.nn.LSTM(a["embedding"], a["hidden_size"], a["num_layers"], batch_first=True)
    out = torch.nn.Linear(a["hidden_size"], a["num_classes"])
    embedding.load_state_dict({"weight": w["embedding.weight"].float()})
    lstm.load_state_dict({k[5:]: v.float() for k, v in w.items() if k.startswith("lstm.")})
    out.load_state_dict({k[4:]: v.float() for k, v in w.items() if k.startswith("out.")})
    text = open(args.text, encoding="utf-8", newline="").read()   # as the job reads it: \r stays a character
    assert len(text) >= 2, "a text of at least two characters is needed"
    symbols = torch.tensor([[index.get(c, index["<unk>"]) for c in text]])
    with torch.no_grad():
        h, _ = lstm(embedding(symbols[:, :-1]))
        logs = torch.log_softmax(out(h).double(), dim=-1)[0]
        torch_logs = logs.gather(1, symbols[0, 1:].unsqueeze(1)).squeeze(1)
    job = json.load(open(args.scores))
    job_logs = torch.tensor(job["log_probabilities"], dtype=torch.float64)
    assert job_logs.numel() == torch_logs.numel(), "the job scored %d characters, PyTorch %d" % (
        job_logs.numel(), torch_logs.numel())
    worst = float((job_logs - torch_logs).abs().max())
    print(json.dumps({"characters": int(torch_logs.numel()), "max_abs_difference": worst,
                      "torch_bits_per_char": float(-torch_logs.mean()) / math.log(2),
                      "job_bits_per_char": job["bits_per_symbol"], "tolerance": args.tolerance}))
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
