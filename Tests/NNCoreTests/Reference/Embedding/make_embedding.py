"""Writes the embedding layer's PyTorch oracles next to this script: one JSON file per case.

Run with any Python with torch:  python make_embedding.py

Each case builds nn.Embedding(vocabulary, dimension) in float64 with PyTorch's own
initialisation (N(0, 1)) under a fixed seed, looks up a fixed batch of tokens, some repeated
within and across samples, optionally runs an nn.GRU (batch_first, one layer, last state) on
the result, and back-propagates a fixed output gradient (the loss is sum(output *
output_gradient)). Fields:
- `vocabulary`, `dimension`, `weight` [vocabulary][dimension];
- `gru`: null, or `units` and PyTorch's `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`;
- `tokens`: [batch][steps], whole numbers; `output_gradient`: shaped as the output;
- `expected`: `output`, and `weight_gradient` [vocabulary][dimension].
"""

import json
import pathlib

import torch

torch.set_default_dtype(torch.float64)

BATCH, STEPS = 3, 5


def case(name, vocabulary, dimension, units, seed):
    torch.manual_seed(seed)
    embedding = torch.nn.Embedding(vocabulary, dimension)
    gru = torch.nn.GRU(dimension, units, batch_first=True) if units else None
    # Every token at least once, then draws that repeat some.
    tokens = torch.cat([torch.arange(vocabulary), torch.randint(vocabulary, (BATCH * STEPS - vocabulary,))])
    tokens = tokens[torch.randperm(BATCH * STEPS)].reshape(BATCH, STEPS)
    y = embedding(tokens)
    if gru:
        y = gru(y)[1][0]
    output_gradient = torch.randn_like(y)
    (y * output_gradient).sum().backward()
    names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    return {
        "name": name,
        "vocabulary": vocabulary,
        "dimension": dimension,
        "weight": embedding.weight.tolist(),
        "gru": dict(units=units, **{n: getattr(gru, n + "_l0").tolist() for n in names}) if gru else None,
        "tokens": tokens.tolist(),
        "output_gradient": output_gradient.tolist(),
        "expected": {"output": y.tolist(), "weight_gradient": embedding.weight.grad.tolist()},
    }


def main():
    directory = pathlib.Path(__file__).parent
    cases = [("embedding", 6, 4, 0), ("embedding_gru", 5, 3, 2)]
    for seed, (name, vocabulary, dimension, units) in enumerate(cases, start=1):
        with open(directory / f"{name}.json", "w") as file:
            json.dump(case(name, vocabulary, dimension, units, seed), file)
            file.write("\n")


if __name__ == "__main__":
    main()
