import Foundation

// Training on both cores: each MLP with `threads: 2` next to PyTorch with torch.set_num_threads(2),
// against each side's one-thread rate from the same run.

/// nnscript's two-thread rate must reach this multiple of its one-thread rate on these workloads.
let twoThreadScaling = (target: 1.7, workloads: ["medium", "large"])

/// Measures every MLP on two threads, twice in turn with PyTorch, and prints them beside the
/// one-thread rates `single` and `peerSingle`.
func measureTwoThreads(
  single: [TrainingRate], peerSingle: PeerFigures, peer: PyTorchPeer, pytorchScript: String, scratch: URL
) throws {
  var measured: [TrainingRate?] = trainingWorkloads.map { _ in nil }
  var peerFigures = PeerFigures()
  var peerFailure: String?
  for _ in 0..<trainingRounds {
    for (index, workload) in trainingWorkloads.enumerated() {
      let rate = try measureTrainingRate(workload, threads: 2)
      measured[index] = measured[index].map { $0.merged(with: rate) } ?? rate
      if case .ready(let python, _) = peer, peerFailure == nil {
        do {
          try runPyTorch(
            python, script: pytorchScript, names: [workload.name], threads: 2, into: &peerFigures, scratch: scratch)
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
  func count(_ value: Double) -> String { Int(value.rounded()).formatted() }
  func verdict(_ pass: Bool) -> String { pass ? "PASS" : "MISS" }
  print(
    "\nTraining, two threads (threads: 2; PyTorch: torch.set_num_threads(2)): samples/s, and each side's "
      + "rate over its own one-thread rate")
  if let peerFailure { print("PyTorch measurement failed: \(peerFailure)") }
  print(
    pad("", 34, left: true) + pad("nnscript", 12) + pad("÷ 1 thread", 12) + pad("PyTorch", 12) + pad("÷ 1 thread", 12)
      + pad("nnscript/PyTorch", 18) + "   target")
  for (index, workload) in trainingWorkloads.enumerated() {
    let rate = measured[index]!.best
    let scaling = rate / single[index].best
    var line = pad(workload.label, 34, left: true) + pad(count(rate), 12) + pad(String(format: "%.2fx", scaling), 12)
    var goals: [String] = []
    if twoThreadScaling.workloads.contains(workload.name) {
      goals.append(
        String(format: "÷ 1 thread ≥ %.1fx %@", twoThreadScaling.target, verdict(scaling >= twoThreadScaling.target)))
    }
    if let peerRate = peerFigures.rates[workload.name], let peerOne = peerSingle.rates[workload.name] {
      let ratio = rate / peerRate
      let singleRatio = single[index].best / peerOne
      line +=
        pad(count(peerRate), 12) + pad(String(format: "%.2fx", peerRate / peerOne), 12)
        + pad(String(format: "%.2fx", ratio), 18)
      goals.append(String(format: "≥ %.2fx (1 thread) %@", singleRatio, verdict(ratio >= singleRatio)))
    } else {
      line += pad("—", 12) + pad("—", 12) + pad("—", 18)
    }
    print(line + "   " + goals.joined(separator: ", "))
  }
  let shares = measured.map { String(format: "%.2f", $0!.cpuShare) }.joined(separator: "/")
  print("CPU share of the timed runs (2.00: both cores to itself): nnscript \(shares)")
  if let peerFailure { throw MeasurementFailure(description: "PyTorch, two threads: \(peerFailure)") }
}

/// `nnscript-bench --threads-only`: nnscript's MLPs on one and two threads, without the peer, for
/// a quick look at the scaling while working on it.
func measureThreadScaling() throws {
  for workload in trainingWorkloads {
    let one = try measureTrainingRate(workload)
    let two = try measureTrainingRate(workload, threads: 2)
    print(
      workload.label.padding(toLength: 34, withPad: " ", startingAt: 0)
        + String(format: "%12.0f %12.0f   %.2fx", one.best, two.best, two.best / one.best))
  }
}
