"""PyTorch eager counterpart of prefstream's training-throughput benchmark.

Builds the trainer's decoder-only transformer layer for layer (token embedding plus learned
positions; pre-norm blocks of fused-QKV multi-head attention under an additive causal mask and a
GELU MLP; final LayerNorm; output projection to the vocabulary), trains it on random token
batches of the given shape with masked token cross-entropy, element-wise gradient clipping at 1
and Adam, and prints one JSON object: training tokens/s, seconds per step, the intra-op thread
count and the float32 matmul peak measured in this process.

The Java benchmark extracts this file from its jar and runs it with a Python that has torch;
it can also be run by hand:

    /usr/bin/python3 train_bench.py --vocab 259 --dim 128 --layers 2 --heads 4 --ffn 512 \
        --batch 16 --seq 128 --steps 10 --warmup 3
"""

import argparse
import json
import math
import time

import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, dim, heads, ffn):
        super().__init__()
        self.heads = heads
        self.attention_norm = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.output = nn.Linear(dim, dim)
        self.mlp_norm = nn.LayerNorm(dim)
        self.mlp_in = nn.Linear(dim, ffn)
        self.mlp_out = nn.Linear(ffn, dim)

    def forward(self, x, mask):
        batch, time_, dim = x.shape
        head_dim = dim // self.heads
        qkv = self.qkv(self.attention_norm(x))
        q, k, v = qkv.reshape(batch, time_, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(head_dim)) + mask
        context = scores.softmax(-1) @ v
        h = x + self.output(context.transpose(1, 2).reshape(batch, time_, dim))
        return h + self.mlp_out(F.gelu(self.mlp_in(self.mlp_norm(h))))


class TransformerLm(nn.Module):
    def __init__(self, vocab, dim, layers, heads, ffn, positions):
        super().__init__()
        self.token_embedding = nn.Parameter(torch.randn(vocab, dim) * 0.02)
        self.position_embedding = nn.Parameter(torch.randn(positions, dim) * 0.02)
        self.blocks = nn.ModuleList(Block(dim, heads, ffn) for _ in range(layers))
        self.final_norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens):
        time_ = tokens.shape[1]
        positions = torch.arange(time_)
        x = F.embedding(tokens, self.token_embedding) + F.embedding(positions, self.position_embedding)
        future = positions.unsqueeze(0) > positions.unsqueeze(1)
        mask = future.float() * -1e9
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.final_norm(x))


def matmul_peak(size, repeats):
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    for _ in range(2):
        a @ b
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2.0 * size ** 3 / best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("vocab", "dim", "layers", "heads", "ffn", "batch", "seq", "steps", "warmup"):
        parser.add_argument("--" + name, type=int, required=True)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads, 0 for torch's default")
    parser.add_argument("--matmul-size", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    model = TransformerLm(args.vocab, args.dim, args.layers, args.heads, args.ffn, args.seq)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    inputs = torch.randint(0, args.vocab, (args.batch, args.seq))
    targets = torch.randint(0, args.vocab, (args.batch, args.seq))
    mask = torch.ones(args.batch, args.seq)

    def step():
        optimizer.zero_grad(set_to_none=True)
        logits = model(inputs)
        token_log_probs = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
        loss = -(token_log_probs * mask).sum() / mask.sum().clamp(min=1)
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), 1.0)
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    elapsed = time.perf_counter() - start

    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "tokens_per_second": args.batch * args.seq * args.steps / elapsed,
        "seconds_per_step": elapsed / args.steps,
        "matmul_flops_per_second": matmul_peak(args.matmul_size, 5),
    }))


if __name__ == "__main__":
    main()
