#!/usr/bin/env python3
"""The job's default model and settings trained by PyTorch on the CPU, as a speed peer for jobs/bench.sh.

LSTM(28 -> 128) over MNIST's 28 rows, a linear head on the last step, Keras initialisation (Glorot-uniform input
weights, orthogonal recurrent weights, zero biases but the forget gate's at 1), inputs standardised with the
training set's mean and std, Adam at 0.01 with a cosine schedule over the run, global-norm clipping at 1.0,
batches of 128. Prints one JSON line per epoch: examples/s of the training loop alone and the test accuracy.
"""
import argparse
import gzip
import json
import math
import struct
import time

import numpy as np
import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def keras_init(lstm, head, hidden):
    for name, p in lstm.named_parameters():
        if name.startswith("weight_ih"):
            torch.nn.init.xavier_uniform_(p)
        elif name.startswith("weight_hh"):
            for g in range(4):  # orthogonal per gate block, as Keras' recurrent kernel
                torch.nn.init.orthogonal_(p.data[g * hidden:(g + 1) * hidden])
        elif name.startswith("bias_ih"):
            torch.nn.init.zeros_(p)
            p.data[hidden:2 * hidden] = 1.0
        else:
            torch.nn.init.zeros_(p)
    torch.nn.init.xavier_uniform_(head.weight)
    torch.nn.init.zeros_(head.bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bidirectional", action="store_true", help="a forward and a backward LSTM side by side")
    ap.add_argument("--per-step", action="store_true", help="a class at every step (each row labelled with the digit)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = idx(f"{a.data}/train-images-idx3-ubyte.gz").astype(np.float32) / 255
    y = idx(f"{a.data}/train-labels-idx1-ubyte.gz").astype(np.int64)
    tx = idx(f"{a.data}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255
    ty = idx(f"{a.data}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    mean, std = x.mean(), x.std()
    x, tx = torch.from_numpy((x - mean) / std), torch.from_numpy((tx - mean) / std)
    y, ty = torch.from_numpy(y), torch.from_numpy(ty)
    lstm = torch.nn.LSTM(28, a.hidden, batch_first=True, bidirectional=a.bidirectional)
    head = torch.nn.Linear(a.hidden * (2 if a.bidirectional else 1), 10)

    def logits(out):
        if a.per_step:
            return head(out)
        if a.bidirectional:  # the forward direction's last state beside the backward one's first, as h_n
            return head(torch.cat([out[:, -1, :a.hidden], out[:, 0, a.hidden:]], 1))
        return head(out[:, -1])
    keras_init(lstm, head, a.hidden)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    steps = a.epochs * math.ceil(len(x) / a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(1.0, s / steps))))
    for epoch in range(a.epochs):
        order = torch.randperm(len(x))
        start = time.perf_counter()
        for b in range(0, len(x), a.batch):
            i = order[b:b + a.batch]
            out, _ = lstm(x[i])
            z = logits(out)
            loss = (torch.nn.functional.cross_entropy(z.reshape(-1, 10), y[i].repeat_interleave(28)) if a.per_step
                    else torch.nn.functional.cross_entropy(z, y[i]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            correct = sum(((logits(lstm(tx[b:b + 1000])[0])[:, -1] if a.per_step
                            else logits(lstm(tx[b:b + 1000])[0])).argmax(-1) == ty[b:b + 1000]).sum().item()
                          for b in range(0, len(tx), 1000))
        label = "PyTorch %s on the CPU, %d threads, the same model%s, epoch %d, test accuracy %.2f%%" % (
            torch.__version__, a.threads, (" (bidirectional)" if a.bidirectional else "")
            + (" per step" if a.per_step else ""), epoch + 1, 100 * correct / len(tx))
        print(json.dumps({"epoch": epoch + 1, "samples_per_s": len(x) / seconds, "test_acc": correct / len(tx),
                          "torch": torch.__version__, "threads": a.threads, "label": label}), flush=True)


if __name__ == "__main__":
    main()
