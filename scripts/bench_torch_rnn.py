#!/usr/bin/env python3
"""PyTorch peer of `unrolled train --readout final` (the notebook preset) for the whole-run benchmark.

Same data and shapes as Unrolled's default run: the 2,000 reviews of data/imdb_subset.csv, tokenised as
src/data/tokenize.ts does (lowercase, <br /> as whitespace, only a-z kept), a 5,000-word vocabulary (+ pad 0,
ties by first occurrence), 100 positions post-padded, the embedded GloVe 100d vectors (data/glove-100d.*),
80/20 split, batch 32 (last incomplete batch skipped), Adam 1e-3, 5 epochs, trainable embedding, then the test
split. The model is PyTorch's fused nn.RNN(100, 64, 2, nonlinearity='tanh', batch_first=True) + Linear(64, 2)
reading the state at the last position. The split and shuffles use torch's generator, so the figures are not
Unrolled's (the shapes and the work are).

Usage: python3 scripts/bench_torch_rnn.py [--threads 2] [--epochs 5] [--data DIR]
Needs Debian's python3-torch (apt-get install -y python3-torch). Not run by CI; `unrolled bench` runs it
when torch is installed and times the whole process against Unrolled's.
"""
import argparse
import csv
import os
import re
import sys
import time
from collections import Counter

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
NOT_LETTER = re.compile(r"[^a-z\s]")


def tokenize(text):
    return NOT_LETTER.sub("", BR.sub(" ", text).lower()).split()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1234)
    t_import = time.perf_counter() - T0

    t = time.perf_counter()
    csv.field_size_limit(sys.maxsize)
    reviews, labels = [], []
    with open(os.path.join(a.data, "imdb_subset.csv"), newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            if len(row) >= 2:
                reviews.append(tokenize(row[0]))
                labels.append(1 if row[1].strip().lower() == "positive" else 0)
    count = Counter(w for r in reviews for w in r)
    vocab = sorted(count, key=count.get, reverse=True)[:5000]
    ix = {w: i + 1 for i, w in enumerate(vocab)}
    T = 100
    X = torch.zeros(len(reviews), T, dtype=torch.long)
    for n, r in enumerate(reviews):
        ids = [ix[w] for w in r if w in ix][:T]
        X[n, : len(ids)] = torch.tensor(ids, dtype=torch.long)
    y = torch.tensor(labels, dtype=torch.long)
    with open(os.path.join(a.data, "glove-100d.words.txt"), encoding="utf-8") as f:
        words = f.read().split("\n")
    vecs = np.fromfile(os.path.join(a.data, "glove-100d.f16.bin"), dtype="<f2").reshape(-1, 100).astype(np.float32)
    emb = np.zeros((len(ix) + 1, 100), dtype=np.float32)
    found = 0
    for i, w in enumerate(words[: len(vecs)]):
        if w in ix:
            emb[ix[w]] = vecs[i]
            found += 1
    t_load = time.perf_counter() - t
    print(f"Loaded {len(reviews)} reviews, vocabulary {len(ix) + 1}, GloVe for {found} / {len(ix)} words, X {tuple(X.shape)}")

    perm = torch.randperm(len(reviews))
    X, y = X[perm], y[perm]
    n_train = int(len(reviews) * 0.8)
    X_train, y_train, X_test, y_test = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(len(ix) + 1, 100, padding_idx=0)
            self.embedding.weight.data.copy_(torch.from_numpy(emb))
            self.rnn = nn.RNN(100, 64, 2, nonlinearity="tanh", batch_first=True)
            self.fc_out = nn.Linear(64, 2)

        def forward(self, x):
            out, _ = self.rnn(self.embedding(x))
            return self.fc_out(out[:, -1, :])

    model = Net()
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    B = 32
    epoch_s = []
    for e in range(a.epochs):
        t = time.perf_counter()
        model.train()
        p = torch.randperm(len(X_train))
        xs, ys = X_train[p], y_train[p]
        total, correct, seen = 0.0, 0, 0
        for i in range(0, len(xs), B):
            inputs, targets = xs[i : i + B], ys[i : i + B]
            if len(inputs) != B:
                continue
            opt.zero_grad()
            out = model(inputs)
            loss = criterion(out, targets)
            loss.backward()
            opt.step()
            total += loss.item()
            correct += (out.argmax(1) == targets).sum().item()
            seen += B
        epoch_s.append(time.perf_counter() - t)
        print(f"Epoch {e + 1}/{a.epochs}, Loss: {total / (len(xs) // B):.4f}, Acc: {100 * correct / seen:.2f}% ({epoch_s[-1]:.2f} s)")
    t = time.perf_counter()
    model.eval()
    correct, loss_sum, batches = 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(X_test), B):
            out = model(X_test[i : i + B])
            loss_sum += criterion(out, y_test[i : i + B]).item()
            correct += (out.argmax(1) == y_test[i : i + B]).sum().item()
            batches += 1
    t_test = time.perf_counter() - t
    print(f"Test Loss: {loss_sum / batches:.4f}")
    print(f"Test Accuracy: {100 * correct / len(X_test):.2f}%")
    print(
        f"seconds: import {t_import:.2f}, load {t_load:.2f}, epochs {sum(epoch_s):.2f} "
        f"({sum(epoch_s) / len(epoch_s):.2f} per epoch), test {t_test:.2f}, total {time.perf_counter() - T0:.2f}; "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    )


if __name__ == "__main__":
    main()
