#!/usr/bin/env python3
"""PyTorch's fused nn.LSTM / nn.GRU (and nn.RNN tanh) on the notebook's training config, for `npm run bench`'s
gated-cell lines: 2 layers, hidden 64, input 100, batch 32, sequence 100, 1,600 training reviews (50 batches),
a trainable 5,000-word embedding (padding_idx 0), fc_out on the final state, Adam lr 1e-3, 2 threads.
Random token ids (the time does not depend on the words). Prints train seconds (wall and this process's CPU) per epoch per cell; two warm-up batches are not timed.

Measurement only (Debian python3-torch 1.13: apt-get install python3-torch); CI does not run it.
Usage: /usr/bin/python3 scripts/bench_torch_cells.py [--epochs 1] [--cells lstm,gru,tanh] [--json]
"""
import argparse
import json
import time

import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, cell, vocab=5000, dim=100, hidden=64, layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        if cell == 'lstm':
            self.rnn = nn.LSTM(dim, hidden, layers, batch_first=True)
        elif cell == 'gru':
            self.rnn = nn.GRU(dim, hidden, layers, batch_first=True)
        else:
            self.rnn = nn.RNN(dim, hidden, layers, nonlinearity='tanh', batch_first=True)
        self.fc_out = nn.Linear(hidden, 2)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        return self.fc_out(out[:, -1, :])


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--cells', default='lstm,gru,tanh')
    p.add_argument('--json', action='store_true')
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    n, T, B = 1600, 100, 32
    ids = torch.randint(1, 5000, (n, T))
    labels = torch.randint(0, 2, (n,))
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'cells': []}
    for cell in a.cells.split(','):
        model = Classifier(cell)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        def step(s):
            opt.zero_grad()
            loss = loss_fn(model(ids[s:s + B]), labels[s:s + B])
            loss.backward()
            opt.step()

        for s in range(0, 2 * B, B):  # two warm-up batches, not timed
            step(s)
        times, cpu = [], []
        for epoch in range(a.epochs):
            t0, c0 = time.perf_counter(), time.process_time()
            for s in range(0, n - B + 1, B):
                step(s)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        row = {'cell': cell, 'secondsPerEpoch': sum(times) / len(times), 'cpuSecondsPerEpoch': sum(cpu) / len(cpu), 'epochSeconds': times}
        out['cells'].append(row)
        if not a.json:
            print(f"torch {torch.__version__} nn.{ {'lstm': 'LSTM', 'gru': 'GRU'}.get(cell, 'RNN')}: "
                  f"{row['secondsPerEpoch']:.2f} s/epoch, {row['cpuSecondsPerEpoch']:.2f} CPU s/epoch "
                  f"(epochs {', '.join(f'{t:.2f}' for t in times)} s)", flush=True)
    if a.json:
        print(json.dumps(out))


if __name__ == '__main__':
    main()
