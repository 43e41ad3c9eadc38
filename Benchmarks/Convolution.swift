import Foundation
import NNCore

// Convolutions: samples/s of a conv2d and a conv1d network and of LeNet-5 on one thread, next to
// PyTorch training the same networks (pytorch_bench.py's conv2d, conv1d and lenet) in the same
// run. A step is the forward pass, the backward pass and Adam's update, as for the MLPs.

/// LeNet-5 with relu and max pooling, on MNIST-sized images: 28×28 → 24×24×6 → 12×12×6 → 8×8×16
/// → 4×4×16 → 120 → 84 → 10.
let leNetLayers: [LayerConfig] = [
  .conv2d(filters: 6, kernel: 5, activation: .relu), .pooling(Pooling(.max, size: 2)),
  .conv2d(filters: 16, kernel: 5, activation: .relu), .pooling(Pooling(.max, size: 2)), .flatten,
  .dense(units: 120, activation: .relu), .dense(units: 84, activation: .relu), .dense(units: 10, activation: .softmax),
]

/// The convolution rows, and their title in the table.
func convolutionRows() -> [PeerRow] {
  convolutionWorkloads.map { workload in
    PeerRow(name: workload.name, label: workload.label, target: 2) { try measureConvolutionRate(workload) }
  } + [
    PeerRow(name: "lenet", label: "LeNet-5 on 28×28×1, batch 64", target: 1.5) {
      try measureRate(
        inputShape: [28, 28, 1], layers: leNetLayers, classes: 10, batch: 64, samples: 4096, epochs: 3)
    }
  ]
}
let convolutionTitle = "Convolutions, one thread: relu convolutions, pooling, softmax; Adam; samples/s"
