#!/usr/bin/env python3
"""PyTorch's character language model with the job's settings, on the text and windows jobs/gcide-text.sh trains
the job on: the peer the job's language model is reported beside.

The corpus files in name order, each cut into code points and numbered by the job's vocabulary (model.json's labels,
<unk> for the others); each file's first 90% (Java's rounding, as the job) cut into windows of --window characters,
each step predicting the next; the last 10% the test text, scored in windows of the same length, each from zero
state as the job scores it. nn.Embedding(V, D) (uniform +-0.05, Keras' default, as the job), nn.LSTM(D, H, layers)
and nn.Linear(H, V) with Keras initialisation, Adam with a cosine schedule over the run, global-norm clipping, the
mean cross-entropy over a batch's steps. The short last window of each training part is left out (four windows).
Prints one JSON line per epoch: the training loop's characters/s and the test text's bits per character.
With --bench SECONDS (no corpus, no model) it times the same training step on random windows of --symbols symbols
instead, as jobs/bench.sh does, and prints one JSON line with characters/s.
"""
import argparse
import glob
import json
import math
import os
import time

import numpy as np
import torch

from torch_lstm import keras_init


def read(corpus, vocabulary, window):
    index = {s: k for k, s in enumerate(vocabulary)}
    unknown = index["<unk>"]
    train, test = [], []
    for path in sorted(glob.glob(os.path.join(corpus, "*"))):
        text = open(path, encoding="utf-8").read()
        symbols = [index.get(c, unknown) for c in text]
        held = len(symbols) - int(math.floor(len(symbols) * 0.1 + 0.5))
        for part, into, tails in ((symbols[:held], train, False), (symbols[held:], test, True)):
            for start in range(0, len(part) - 1, window):
                chunk = part[start:start + window + 1]
                if len(chunk) == window + 1 or tails:
                    into.append(chunk)
    return train, test


class CharModel(torch.nn.Module):
    def __init__(self, symbols, embedding, hidden, layers):
        super().__init__()
        self.embedding = torch.nn.Embedding(symbols, embedding)
        self.lstm = torch.nn.LSTM(embedding, hidden, layers, batch_first=True)
        self.out = torch.nn.Linear(hidden, symbols)
        torch.nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        keras_init(self.lstm, self.out, hidden)

    def forward(self, x):
        h, _ = self.lstm(self.embedding(x))
        return self.out(h)


def bits_per_char(model, windows, symbols):
    model.eval()
    nats, count = 0.0, 0
    with torch.no_grad():
        by_length = {}
        for w in windows:
            by_length.setdefault(len(w), []).append(w)
        for chunks in by_length.values():
            for start in range(0, len(chunks), 256):
                t = torch.tensor(chunks[start:start + 256])
                logits = model(t[:, :-1])
                nats += float(torch.nn.functional.cross_entropy(logits.reshape(-1, symbols), t[:, 1:].reshape(-1),
                                                                reduction="sum"))
                count += t[:, 1:].numel()
    model.train()
    return nats / count / math.log(2)


def bench(args):
    model = CharModel(args.symbols, args.embedding, args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    data = torch.randint(0, args.symbols, (64 * args.batch, args.window + 1))

    def step(b):
        t = data[(b % 64) * args.batch:(b % 64 + 1) * args.batch]
        loss = torch.nn.functional.cross_entropy(model(t[:, :-1]).reshape(-1, args.symbols), t[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()

    for b in range(5):
        step(b)
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < args.bench:
        step(steps)
        steps += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"chars_per_s": steps * args.batch * args.window / seconds, "threads": args.threads,
                      "label": "PyTorch %s, %d thread(s)" % (torch.__version__, args.threads)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", help="the directory of text files jobs/gcide-text.sh writes")
    p.add_argument("--model", help="the job's model directory (for its vocabulary)")
    p.add_argument("--bench", type=float, default=0, help="seconds to time training on random windows instead")
    p.add_argument("--symbols", type=int, default=93, help="with --bench: the vocabulary's size")
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--window", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.bench > 0:
        bench(args)
        return
    vocabulary = json.load(open(os.path.join(args.model, "model.json")))["labels"]["names"]
    train, test = read(args.corpus, vocabulary, args.window)
    symbols = len(vocabulary)
    model = CharModel(symbols, args.embedding, args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = steps_per_epoch * args.epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / total)))
    data = torch.tensor(train)
    rng = np.random.default_rng(args.seed)
    trained = 0.0
    for epoch in range(args.epochs):
        order = torch.from_numpy(rng.permutation(len(train)))
        started = time.perf_counter()
        for b in range(steps_per_epoch):
            t = data[order[b * args.batch:(b + 1) * args.batch]]
            loss = torch.nn.functional.cross_entropy(model(t[:, :-1]).reshape(-1, symbols), t[:, 1:].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            schedule.step()
        seconds = time.perf_counter() - started
        trained += seconds
        print(json.dumps({"epoch": epoch + 1, "chars_per_s": len(train) * args.window / seconds,
                          "train_s": trained, "train_bits_per_char": float(loss) / math.log(2),
                          "test_bits_per_char": bits_per_char(model, test, symbols)}), flush=True)


if __name__ == "__main__":
    main()
