"""The peer of nnscript-bench's training rows: the same three MLPs, two convolution networks and
two recurrent networks trained by PyTorch on the CPU.

    python pytorch_bench.py [--threads N] [small|medium|large|conv2d|conv1d|lenet|lstm|gru|sgemm ...]

prints one JSON line per workload (samples/s), then one with torch's 1024^3 sgemm GFLOP/s.

One thread (torch.set_num_threads(1); nnscript-bench also sets OMP/MKL/OPENBLAS_NUM_THREADS=1),
or N with --threads N,
Adam at its defaults but fused (PyTorch's fastest CPU Adam, about 1.3-1.5x its default per-tensor
loop here, so the ratios are against PyTorch at its best), softmax cross-entropy, uniform random
Float32 features in [-1, 1) and random labels from a fixed seed. Each epoch shuffles and tracks
the loss and accuracy, as nnscript's epochs do. The first epoch is a warm-up; the figure is the
rate of the fastest other epoch (other work on the machine only slows epochs down), the way
nnscript-bench takes its own. The convolution networks are a relu convolution (no padding, stride
1), global average pooling and a linear layer to 10 classes, as Convolution.swift builds them. The
recurrent networks are nn.LSTM or nn.GRU (batch_first) whose last step's output goes to a linear
layer to 10 classes, as RecurrentTraining.swift builds them.
"""

import json
import sys
import time

import torch
import torch.nn.functional as F

# name, layer widths, batch size, samples, timed epochs: the same widths, batches and sample
# counts as nnscript-bench's Training.swift; fewer epochs where PyTorch is slow.
WORKLOADS = [
    ("small", [40, 100, 100, 10], 32, 16384, 4),
    ("medium", [784, 256, 256, 10], 128, 16384, 4),
    ("large", [1024, 1024, 1024, 10], 256, 4096, 4),
]

# name, input (channels, spatial...), filters, kernel, batch size, samples, timed epochs: as in
# nnscript-bench's Convolution.swift.
CONVOLUTIONS = [
    ("conv2d", (1, 28, 28), 32, 3, 64, 4096, 3),
    ("conv1d", (8, 128), 32, 5, 64, 4096, 3),
]

# name, batch size, samples, timed epochs of LeNet-5 on 1×28×28 images: as in Convolution.swift.
LENET = ("lenet", 64, 4096, 3)

# name, steps, features, units, batch size, samples, timed epochs: as in nnscript-bench's
# RecurrentTraining.swift.
RECURRENTS = [
    ("lstm", 50, 32, 128, 64, 2048, 3),
    ("gru", 50, 32, 128, 64, 2048, 3),
]


def mlp(widths):
    layers = []
    for inputs, outputs in zip(widths[:-1], widths[1:]):
        layers += [torch.nn.Linear(inputs, outputs), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])  # logits out; cross_entropy applies the softmax


def convolution(input, filters, kernel):
    conv = torch.nn.Conv2d if len(input) == 3 else torch.nn.Conv1d
    pool = torch.nn.AdaptiveAvgPool2d if len(input) == 3 else torch.nn.AdaptiveAvgPool1d
    return torch.nn.Sequential(
        conv(input[0], filters, kernel), torch.nn.ReLU(), pool(1), torch.nn.Flatten(), torch.nn.Linear(filters, 10)
    )


def lenet():
    """LeNet-5 with relu and max pooling: 28×28 → 24×24×6 → 12×12×6 → 8×8×16 → 4×4×16 → 120 → 84 → 10."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(256, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, 10),
    )


def lenet_bench(name, batch, samples, epochs):
    torch.manual_seed(42)
    x = torch.rand(samples, 1, 28, 28) * 2 - 1
    y = torch.randint(0, 10, (samples,))
    result = train(name, lenet(), x, y, batch, epochs)
    result.update({"batch": batch})
    return result


class LastStep(torch.nn.Module):
    """A recurrent layer's output at the last step, into a linear layer."""

    def __init__(self, cell, features, units):
        super().__init__()
        kind = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
        self.recurrent = kind(features, units, batch_first=True)
        self.linear = torch.nn.Linear(units, 10)

    def forward(self, x):
        output, _ = self.recurrent(x)
        return self.linear(output[:, -1])


def recurrent_bench(name, steps, features, units, batch, samples, epochs):
    torch.manual_seed(42)
    x = torch.rand(samples, steps, features) * 2 - 1
    y = torch.randint(0, 10, (samples,))
    result = train(name, LastStep(name, features, units), x, y, batch, epochs)
    result.update({"steps": steps, "features": features, "units": units, "batch": batch})
    return result


def conv_bench(name, input, filters, kernel, batch, samples, epochs):
    torch.manual_seed(42)
    x = torch.rand(samples, *input) * 2 - 1
    y = torch.randint(0, 10, (samples,))
    result = train(name, convolution(input, filters, kernel), x, y, batch, epochs)
    result.update({"input": list(input), "filters": filters, "kernel": kernel, "batch": batch})
    return result


def bench(name, widths, batch, samples, epochs):
    torch.manual_seed(42)
    x = torch.rand(samples, widths[0]) * 2 - 1
    y = torch.randint(0, widths[-1], (samples,))
    result = train(name, mlp(widths), x, y, batch, epochs)
    result.update({"widths": widths, "batch": batch})
    return result


def train(name, model, x, y, batch, epochs):
    """Samples/s of the fastest of `epochs` timed epochs, after one warm-up epoch."""
    samples = len(x)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    rates = []
    for epoch in range(1 + epochs):
        if epoch == 1:
            wall, cpu = time.perf_counter(), time.process_time()
        start = time.perf_counter()
        order = torch.randperm(samples)
        total, correct = 0.0, 0
        for first in range(0, samples, batch):
            rows = order[first : first + batch]
            xb, yb = x[rows], y[rows]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
            correct += (logits.argmax(1) == yb).sum().item()
        if epoch > 0:
            rates.append(samples / (time.perf_counter() - start))
    return {
        "workload": name,
        "samples_per_second": max(rates),
        "epoch_rates": rates,
        # Of a core, over the timed epochs: below 1 when other work on the machine took turns.
        "cpu_share": (time.process_time() - cpu) / (time.perf_counter() - wall),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }


def sgemm(n=1024, runs=20):
    """torch's own single-thread matrix product (MKL), for comparison with OpenBLAS."""
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        torch.mm(a, b)
        rates.append(2 * n**3 / (time.perf_counter() - start) / 1e9)
    return {"sgemm": f"{n}x{n}x{n}", "gflops": max(rates), "torch": torch.__version__}


def main():
    arguments = sys.argv[1:]
    threads = 1
    if arguments[:1] == ["--threads"]:
        threads, arguments = int(arguments[1]), arguments[2:]
    torch.set_num_threads(threads)
    wanted = set(arguments)
    for workload in WORKLOADS:
        if not wanted or workload[0] in wanted:
            print(json.dumps(bench(*workload)), flush=True)
    for workload in CONVOLUTIONS:
        if not wanted or workload[0] in wanted:
            print(json.dumps(conv_bench(*workload)), flush=True)
    if not wanted or LENET[0] in wanted:
        print(json.dumps(lenet_bench(*LENET)), flush=True)
    for workload in RECURRENTS:
        if not wanted or workload[0] in wanted:
            print(json.dumps(recurrent_bench(*workload)), flush=True)
    if not wanted or "sgemm" in wanted:
        print(json.dumps(sgemm()), flush=True)


if __name__ == "__main__":
    main()
