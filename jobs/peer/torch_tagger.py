#!/usr/bin/env python3
"""PyTorch's bidirectional LSTM tagger with the job's settings, on the split jobs/syllables.sh writes: the peer the
job's per-step model is reported beside.

Each word is a sequence of one-hot letters (a..z); each letter is labelled with what follows it (0 none, 1 break,
2 stress, 3 stress2). nn.LSTM(26, H, layers, bidirectional=True) over packed sequences, a linear head on every step,
Keras initialisation (Glorot-uniform input weights and head, orthogonal recurrent weights per gate, zero biases but
the forget gate's at 1), Adam with a cosine schedule over the run, global-norm clipping, the mean cross-entropy over
the letters of a batch. Prints one JSON line per epoch: the training loop's examples/s, and on the test words the
share of letters right, of words with every letter right, and the macro-F1 over the labels (the job's metrics).
"""
import argparse
import json
import math
import time

import numpy as np
import torch

from torch_lstm import keras_init


def read(path):
    words, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, marks = line.rstrip("\n").split("\t")
            words.append(word)
            labels.append([int(c) for c in marks])
    return words, labels


def batch(words, labels, index, device):
    chosen = sorted(index, key=lambda i: -len(words[i]))  # packed sequences want longest first
    lengths = [len(words[i]) for i in chosen]
    x = torch.zeros(len(chosen), lengths[0], 26)
    y = torch.full((len(chosen), lengths[0]), -100, dtype=torch.long)
    for row, i in enumerate(chosen):
        for t, c in enumerate(words[i]):
            x[row, t, ord(c) - 97] = 1
        y[row, :len(labels[i])] = torch.tensor(labels[i])
    return x.to(device), y.to(device), lengths


class Tagger(torch.nn.Module):
    def __init__(self, hidden, layers, classes):
        super().__init__()
        self.lstm = torch.nn.LSTM(26, hidden, layers, batch_first=True, bidirectional=True)
        self.out = torch.nn.Linear(2 * hidden, classes)
        keras_init(self.lstm, self.out, hidden)  # the job's initialisation, as the MNIST peer does it

    def forward(self, x, lengths):
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
        h, _ = self.lstm(packed)
        h, _ = torch.nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.out(h)


def evaluate(model, words, labels, classes, device):
    model.eval()
    confusion = np.zeros((classes, classes), dtype=np.int64)
    whole = 0
    with torch.no_grad():
        for start in range(0, len(words), 500):
            index = list(range(start, min(start + 500, len(words))))
            x, y, lengths = batch(words, labels, index, device)
            predicted = model(x, lengths).argmax(-1)
            for row in range(len(index)):
                n = lengths[row]
                truth, guess = y[row, :n].cpu().numpy(), predicted[row, :n].cpu().numpy()
                np.add.at(confusion, (truth, guess), 1)
                whole += int((truth == guess).all())
    model.train()
    f1s = []
    for k in range(classes):
        labelled, chosen, right = confusion[k].sum(), confusion[:, k].sum(), confusion[k, k]
        if labelled == 0:
            continue
        p = right / chosen if chosen else 0.0
        r = right / labelled
        f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return {"test_letter_accuracy": float(np.trace(confusion) / confusion.sum()),
            "test_word_accuracy": whole / len(words), "test_macro_f1": float(np.mean(f1s))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="the directory holding train.tsv and test.tsv")
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--device", default="cpu")
    args = p.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train_words, train_labels = read(args.data + "/train.tsv")
    test_words, test_labels = read(args.data + "/test.tsv")
    classes = 4
    model = Tagger(args.hidden, args.layers, classes).to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(train_words) / args.batch)
    total = steps_per_epoch * args.epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / total)))
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        order = rng.permutation(len(train_words))
        started = time.perf_counter()
        for b in range(steps_per_epoch):
            x, y, lengths = batch(train_words, train_labels, order[b * args.batch:(b + 1) * args.batch].tolist(),
                                  args.device)
            loss = loss_of(model(x, lengths).reshape(-1, classes), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            schedule.step()
        seconds = time.perf_counter() - started
        result = {"epoch": epoch + 1, "samples_per_s": len(train_words) / seconds, "train_loss": float(loss)}
        result.update(evaluate(model, test_words, test_labels, classes, args.device))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
