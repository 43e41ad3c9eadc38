"""Writes the recurrent layers' PyTorch oracles next to this script: one JSON file per case.

Run with any Python with torch:  python make_recurrent.py

Each case builds nn.RNN / nn.LSTM / nn.GRU (batch_first, one layer) in float64 with PyTorch's
own initialisation under a fixed seed, runs a fixed input forward, and back-propagates a fixed
output gradient (the loss is sum(output * output_gradient)). The output is every step's state
when `seq` is true, else each direction's last state (h_n), forward then reverse. Fields:
- `layers`: in order, each with `cell` (rnn_tanh, rnn_relu, lstm, gru), `units`, `seq`,
  `bidirectional` and `directions` (forward then reverse), each holding PyTorch's `weight_ih`
  [gates*units][features], `weight_hh` [gates*units][units], `bias_ih` and `bias_hh`.
- `input`: [batch][steps][features]; `output_gradient`: shaped as the output.
- `expected`: `output`, `input_gradient`, and `gradients` shaped as `layers[i].directions`.
"""

import json
import pathlib

import torch

torch.set_default_dtype(torch.float64)

BATCH, STEPS, FEATURES = 3, 5, 4


def module(cell, features, units, bidirectional):
    common = dict(batch_first=True, bidirectional=bidirectional)
    if cell == "lstm":
        return torch.nn.LSTM(features, units, **common)
    if cell == "gru":
        return torch.nn.GRU(features, units, **common)
    return torch.nn.RNN(features, units, nonlinearity=cell.removeprefix("rnn_"), **common)


def run(layer, spec, x):
    output, state = layer(x)
    if spec["seq"]:
        return output
    h_n = state[0] if isinstance(state, tuple) else state
    # (directions, batch, units) -> (batch, directions * units): forward then reverse.
    return h_n.permute(1, 0, 2).reshape(x.shape[0], -1)


def parameters(layer, spec, gradient=False):
    directions = []
    for suffix in ["", "_reverse"][: 2 if spec["bidirectional"] else 1]:
        names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        tensors = [getattr(layer, f"{name}_l0{suffix}") for name in names]
        directions.append({n: (t.grad if gradient else t).tolist() for n, t in zip(names, tensors)})
    return directions


def case(name, specs, seed):
    torch.manual_seed(seed)
    features, layers = FEATURES, []
    for spec in specs:
        layers.append(module(spec["cell"], features, spec["units"], spec["bidirectional"]))
        features = spec["units"] * (2 if spec["bidirectional"] else 1)
    x = torch.randn(BATCH, STEPS, FEATURES, requires_grad=True)
    y = x
    for layer, spec in zip(layers, specs):
        y = run(layer, spec, y)
    output_gradient = torch.randn_like(y)
    (y * output_gradient).sum().backward()
    return {
        "name": name,
        "layers": [dict(spec, directions=parameters(layer, spec)) for layer, spec in zip(layers, specs)],
        "input": x.tolist(),
        "output_gradient": output_gradient.tolist(),
        "expected": {
            "output": y.tolist(),
            "input_gradient": x.grad.tolist(),
            "gradients": [parameters(layer, spec, gradient=True) for layer, spec in zip(layers, specs)],
        },
    }


def main():
    directory = pathlib.Path(__file__).parent
    seed = 0
    cases = []
    for cell in ["rnn_tanh", "rnn_relu", "lstm", "gru"]:
        for seq in [False, True]:
            for bidirectional in [False, True]:
                name = cell + ("_seq" if seq else "") + ("_bidirectional" if bidirectional else "")
                cases.append((name, [dict(cell=cell, units=3, seq=seq, bidirectional=bidirectional)]))
    for bidirectional in [False, True]:
        stack = [
            dict(cell="lstm", units=3, seq=True, bidirectional=bidirectional),
            dict(cell="gru", units=2, seq=False, bidirectional=bidirectional),
        ]
        cases.append(("lstm_gru_stack" + ("_bidirectional" if bidirectional else ""), stack))
    for name, specs in cases:
        seed += 1
        with open(directory / f"{name}.json", "w") as file:
            json.dump(case(name, specs, seed), file)
            file.write("\n")


if __name__ == "__main__":
    main()
