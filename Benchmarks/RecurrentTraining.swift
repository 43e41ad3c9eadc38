import Foundation
import NNCore

// Recurrent layers: samples/s of a one-layer lstm and gru on one thread, next to PyTorch's nn.LSTM
// and nn.GRU (pytorch_bench.py's lstm and gru) in the same run. A step is the forward pass over
// every time step, back-propagation through time and Adam's update. Not in TrainingRates.swift:
// the base commit it is built against has no recurrent layers.

/// One recurrent workload: the cell's last state into a softmax over `classes`, trained with
/// cross-entropy and Adam at its defaults on uniform random sequences in [-1, 1). `name` matches
/// the workload names of pytorch_bench.py.
struct RecurrentWorkload {
  let name: String
  let cell: Recurrent.Cell
  let steps = 50
  let features = 32
  let units = 128
  let batch = 64
  let samples = 2048
  /// Timed epochs, after one warm-up epoch.
  let epochs = 3
  let classes = 10
  /// nnscript ÷ PyTorch samples/s must reach this.
  let target = 1.5

  var label: String { "\(name) \(units) on T=\(steps), F=\(features), batch \(batch)" }

  var layers: [LayerConfig] {
    [.recurrent(Recurrent(cell, units: units)), .dense(units: classes, activation: .softmax)]
  }
}

let recurrentWorkloads = [RecurrentWorkload(name: "lstm", cell: .lstm), RecurrentWorkload(name: "gru", cell: .gru)]

func measureRecurrentRate(_ workload: RecurrentWorkload) throws -> TrainingRate {
  try measureRate(
    inputShape: [workload.steps, workload.features], layers: workload.layers, classes: workload.classes,
    batch: workload.batch, samples: workload.samples, epochs: workload.epochs)
}

/// The rows of `workloads`, and their title in the table.
func recurrentRows(_ workloads: [RecurrentWorkload] = recurrentWorkloads) -> [PeerRow] {
  workloads.map { workload in
    PeerRow(name: workload.name, label: workload.label, target: workload.target) {
      try measureRecurrentRate(workload)
    }
  }
}
let recurrentTitle = "Recurrent layers, one thread: the last state into a softmax; Adam; samples/s"

/// `nnscript-bench --recurrent-child lstm|gru`: trains the workload in nnscript alone, as its row
/// does, and prints the samples/s of each timed epoch and the samples per CPU second of the run (to
/// profile it without the peer).
func recurrentChild(_ name: String) throws {
  let workload = try chosenRecurrents(name)[0]
  let rate = try measureRecurrentRate(workload)
  let epochs = rate.epochs.sorted.map { String(Int($0.rounded())) }.joined(separator: " ")
  print("\(workload.name): samples/s of the timed epochs \(epochs); \(Int(rate.cpuRate.rounded())) per CPU second")
}

/// Every recurrent workload, or the one named.
func chosenRecurrents(_ name: String?) throws -> [RecurrentWorkload] {
  guard let name else { return recurrentWorkloads }
  guard let workload = recurrentWorkloads.first(where: { $0.name == name }) else {
    let names = recurrentWorkloads.map(\.name).joined(separator: ", ")
    throw MeasurementFailure(description: "no recurrent workload named \(name) (there are \(names))")
  }
  return [workload]
}
