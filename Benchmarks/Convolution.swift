import Foundation
import NNCore

// Convolutions: samples/s of a conv2d and a conv1d network on one thread, next to PyTorch training
// the same networks (pytorch_bench.py's conv2d and conv1d) in the same run. A step is the forward
// pass, the backward pass and Adam's update, as for the MLPs.

/// The convolution rows, and their title in the table.
func convolutionRows() -> [PeerRow] {
  convolutionWorkloads.map { workload in
    PeerRow(name: workload.name, label: workload.label) { try measureConvolutionRate(workload) }
  }
}
let convolutionTitle = "Convolutions, one thread: relu convolution, global average pooling, softmax; Adam; samples/s"
