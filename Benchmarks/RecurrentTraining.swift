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

/// Measures each of `workloads` in nnscript and then at once in PyTorch, twice (as the MLPs are),
/// and prints the rates side by side against the target.
func measureRecurrents(
  _ workloads: [RecurrentWorkload] = recurrentWorkloads, peer: PyTorchPeer, pytorchScript: String, scratch: URL
) throws {
  var measured: [String: TrainingRate] = [:]
  var peerFigures = PeerFigures()
  var peerFailure: String?
  for _ in 0..<trainingRounds {
    for workload in workloads {
      let rate = try measureRecurrentRate(workload)
      measured[workload.name] = measured[workload.name].map { $0.merged(with: rate) } ?? rate
      if case .ready(let python, _) = peer, peerFailure == nil {
        do {
          try runPyTorch(python, script: pytorchScript, names: [workload.name], into: &peerFigures, scratch: scratch)
        } catch {
          peerFailure = "\(error)"
        }
      }
    }
  }
  func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + space : space + text
  }
  print("\nRecurrent layers, one thread: the last state into a softmax; Adam; samples/s")
  if let peerFailure { print("PyTorch measurement failed: \(peerFailure)") }
  print(pad("", 44, left: true) + pad("nnscript", 12) + pad("PyTorch", 12) + pad("nnscript/PyTorch", 18) + "   target")
  for workload in workloads {
    let rate = measured[workload.name]!
    var line = pad(workload.label, 44, left: true) + pad(Int(rate.best.rounded()).formatted(), 12)
    let target = String(format: "   ≥ %gx ", workload.target)
    if let peer = peerFigures.rates[workload.name] {
      let ratio = rate.best / peer
      line += pad(Int(peer.rounded()).formatted(), 12) + pad(String(format: "%.2fx", ratio), 18) + target
      line += ratio >= workload.target ? "PASS" : "MISS"
    } else {
      line += pad("—", 12) + pad("—", 18) + target + "(no peer)"
    }
    print(line)
  }
  let shares = workloads.map { String(format: "%.2f", measured[$0.name]!.cpuShare) }
  let peerShares = workloads.map { peerFigures.cpuShares[$0.name].map { String(format: "%.2f", $0) } ?? "?" }
  print(
    "CPU share of the timed runs: nnscript \(shares.joined(separator: "/")), "
      + "PyTorch \(peerShares.joined(separator: "/"))")
  if let peerFailure { throw MeasurementFailure(description: "PyTorch: \(peerFailure)") }
}

/// `nnscript-bench --recurrent-only [--workload lstm|gru]`: the PyTorch peer made ready, then the
/// recurrent rows alone (or one of them).
func measureRecurrentsAlone(workload name: String?, python: String, pytorchScript: String, venv: String) throws {
  let workloads = try chosenRecurrents(name)
  for (name, value) in oneThread { setenv(name, value, 1) }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-recurrent-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let peer = try preparePyTorch(python: python, venv: venv, scratch: scratch)
  try measureRecurrents(workloads, peer: peer, pytorchScript: pytorchScript, scratch: scratch)
}

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
