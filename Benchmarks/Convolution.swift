import Foundation
import NNCore

// Convolutions: samples/s of a conv2d and a conv1d network on one thread, next to PyTorch training
// the same networks (pytorch_bench.py's conv2d and conv1d) in the same run. A step is the forward
// pass, the backward pass and Adam's update, as for the MLPs.

/// Measures every convolution workload in nnscript and then at once in PyTorch, twice (as the MLPs
/// are), and prints the rates side by side.
func measureConvolutions(peer: PyTorchPeer, pytorchScript: String, scratch: URL) throws {
  var measured: [String: TrainingRate] = [:]
  var peerFigures = PeerFigures()
  var peerFailure: String?
  for _ in 0..<trainingRounds {
    for workload in convolutionWorkloads {
      let rate = try measureConvolutionRate(workload)
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
  print("\nConvolutions, one thread: relu convolution, global average pooling, softmax; Adam; samples/s")
  if let peerFailure { print("PyTorch measurement failed: \(peerFailure)") }
  print(pad("", 44, left: true) + pad("nnscript", 12) + pad("PyTorch", 12) + pad("nnscript/PyTorch", 18))
  for workload in convolutionWorkloads {
    let rate = measured[workload.name]!
    var line = pad(workload.label, 44, left: true) + pad(Int(rate.best.rounded()).formatted(), 12)
    if let peer = peerFigures.rates[workload.name] {
      line += pad(Int(peer.rounded()).formatted(), 12) + pad(String(format: "%.2fx", rate.best / peer), 18)
    } else {
      line += pad("—", 12) + pad("—", 18)
    }
    print(line)
  }
  let shares = convolutionWorkloads.map { String(format: "%.2f", measured[$0.name]!.cpuShare) }
  let peerShares = convolutionWorkloads.map { peerFigures.cpuShares[$0.name].map { String(format: "%.2f", $0) } ?? "?" }
  print(
    "CPU share of the timed runs: nnscript \(shares.joined(separator: "/")), "
      + "PyTorch \(peerShares.joined(separator: "/"))")
  if let peerFailure { throw MeasurementFailure(description: "PyTorch: \(peerFailure)") }
}

/// `nnscript-bench --convolutions-only`: the PyTorch peer made ready, then the convolutions alone.
func measureConvolutionsAlone(python: String, pytorchScript: String, venv: String) throws {
  for (name, value) in oneThread { setenv(name, value, 1) }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-conv-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let peer = try preparePyTorch(python: python, venv: venv, scratch: scratch)
  try measureConvolutions(peer: peer, pytorchScript: pytorchScript, scratch: scratch)
}
