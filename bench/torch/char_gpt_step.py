"""PyTorch peer of examples/char-transformer.nn's training step (bench: char-gpt workload).

Same model: embedding 27x64, learned positions 16x64, 2 pre-norm transformer blocks (nn.LayerNorm,
nn.MultiheadAttention(64, 4, batch_first=True) with a causal mask, Linear 64->256, exact gelu, Linear
256->64), final LayerNorm, head Linear 64->27; loss = masked mean cross-entropy; AdamW(lr=3e-3,
weight_decay=0.01). Batches of 32 random rows. Prints one JSON line: the median milliseconds per
training step (forward, loss, backward, optimizer step) over `reps` timed repetitions of `steps` steps,
and the median process CPU milliseconds per step (robust on a loaded machine).

usage: /usr/bin/python3 bench/torch/char_gpt_step.py [--threads 1] [--reps 7] [--steps 20]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

T, D, H, V, B = 16, 64, 4, 27, 32


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.attn = nn.MultiheadAttention(D, H, batch_first=True)
        self.ln2 = nn.LayerNorm(D)
        self.fc1 = nn.Linear(D, 4 * D)
        self.fc2 = nn.Linear(4 * D, D)

    def forward(self, x, mask):
        a = self.ln1(x)
        h = x + self.attn(a, a, a, attn_mask=mask, need_weights=False)[0]
        return h + self.fc2(F.gelu(self.fc1(self.ln2(h))))


class CharGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Parameter(torch.randn(T, D) * 0.02)
        self.blocks = nn.ModuleList([Block(), Block()])
        self.ln = nn.LayerNorm(D)
        self.head = nn.Linear(D, V)
        self.register_buffer("causal", torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1))

    def forward(self, x):
        h = self.tok(x) + self.pos
        for b in self.blocks:
            h = b(h, self.causal)
        return self.head(self.ln(h))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--steps", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = CharGpt()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    batches = [(torch.randint(0, V, (B, T)), torch.randint(0, V, (B, T)), (torch.rand(B, T) < 0.6).float()) for _ in range(4)]

    def step(k):
        x, y, m = batches[k % len(batches)]
        logits = model(x)
        ce = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), reduction="none")
        loss = (ce * m.reshape(-1)).sum() / m.sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    for k in range(20):
        step(k)
    times, cpu = [], []
    for _ in range(a.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for k in range(a.steps):
            step(k)
        times.append((time.perf_counter() - t0) * 1000 / a.steps)
        cpu.append((time.process_time() - c0) * 1000 / a.steps)
    out = {"ms_per_step": statistics.median(times), "cpu_ms_per_step": statistics.median(cpu), "threads": a.threads, "torch": torch.__version__}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
