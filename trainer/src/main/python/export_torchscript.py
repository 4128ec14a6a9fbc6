#!/usr/bin/env python3
"""Exports a decoder-only language model to TorchScript for prefstream's trainer.

The trainer loads any TorchScript module that maps token ids ``[batch, time]`` (int64) to
next-token logits ``[batch, time, vocab]`` (float32) under a causal mask, and fine-tunes its
parameters with the same SPAC loop as its own models. This script produces such a file.

From a Hugging Face checkpoint (needs ``transformers``; run it where the weights are, the
trainer itself never downloads anything)::

    python3 export_torchscript.py --hf gpt2 --extra-ids 3 --out gpt2.pt
    # the model's tokenizer.json comes from the same checkpoint directory

The trainer appends its own BOS, EOS and PAD ids after the tokenizer's, so the exported model
must score three more ids than the tokenizer has: ``--extra-ids 3`` grows the embedding and
output rows accordingly (new rows are initialised by the model's own scheme).

A tiny randomly initialised model, for trying the loading path without any download::

    python3 export_torchscript.py --tiny --vocab 300 --out tiny.pt

Tracing records one example shape, but the exported graph keeps the batch and time dimensions
symbolic, so any batch and any length up to the model's context window can be fed.
"""

import argparse
import math

import torch
from torch import nn
import torch.nn.functional as F


class LogitsOnly(nn.Module):
    """Wraps a Hugging Face causal LM so that forward(ids) returns just the logits tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids):
        return self.model(input_ids=ids, use_cache=False, return_dict=False)[0]


class TinyBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(dim // heads)
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x, mask):
        batch, steps, dim = x.shape
        head_dim = dim // self.heads
        q, k, v = self.qkv(self.norm1(x)).reshape(batch, steps, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        weights = (q @ k.transpose(-1, -2) * self.scale + mask).softmax(-1)
        x = x + self.proj((weights @ v).transpose(1, 2).reshape(batch, steps, dim))
        return x + self.mlp(self.norm2(x))


class TinyLm(nn.Module):
    """A small GPT-style model: token and learned position embeddings, pre-norm blocks, tied head."""

    def __init__(self, vocab, dim, layers, heads, positions):
        super().__init__()
        self.tokens = nn.Embedding(vocab, dim)
        self.positions = nn.Embedding(positions, dim)
        self.blocks = nn.ModuleList(TinyBlock(dim, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(dim)

    def forward(self, ids):
        steps = ids.shape[1]
        where = torch.arange(steps, device=ids.device)
        mask = (where.unsqueeze(0) > where.unsqueeze(1)).float() * -1e9
        x = self.tokens(ids) + self.positions(where)
        for block in self.blocks:
            x = block(x, mask)
        return self.norm(x) @ self.tokens.weight.t()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--hf", metavar="NAME_OR_DIR", help="a Hugging Face causal LM to export")
    source.add_argument("--tiny", action="store_true", help="a tiny random model instead")
    parser.add_argument("--out", required=True, help="the TorchScript file to write")
    parser.add_argument("--vocab", type=int, default=300, help="vocabulary size of the tiny model")
    parser.add_argument("--dim", type=int, default=32)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--positions", type=int, default=128)
    parser.add_argument("--extra-ids", type=int, default=3,
                        help="rows added to a Hugging Face model's vocabulary for the trainer's special ids")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    if args.tiny:
        model = TinyLm(args.vocab, args.dim, args.layers, args.heads, args.positions)
        vocab = args.vocab
    else:
        from transformers import AutoModelForCausalLM, AutoTokenizer
        pretrained = AutoModelForCausalLM.from_pretrained(args.hf)
        vocab = len(AutoTokenizer.from_pretrained(args.hf)) + args.extra_ids
        pretrained.resize_token_embeddings(vocab)
        model = LogitsOnly(pretrained)
    model.eval()
    example = torch.randint(0, vocab, (2, 8))
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    traced.save(args.out)
    print(f"wrote {args.out}: vocabulary {vocab}")


if __name__ == "__main__":
    main()
