import Foundation

// The rows nnscript-bench measures beside the PyTorch peer under the same workload name: the
// convolutions and the recurrent layers.

/// One workload measured in nnscript and by pytorch_bench.py under `name`.
struct PeerRow {
  let name: String
  let label: String
  /// nnscript ÷ PyTorch samples/s must reach this, for a row with a goal.
  var target: Double?
  let measure: () throws -> TrainingRate
}

/// Measures each row in nnscript and then at once in PyTorch, twice (as the MLPs are), and prints
/// the rates side by side under `title`, with each goal met or missed.
func measureAgainstPeer(_ rows: [PeerRow], title: String, peer: PyTorchPeer, pytorchScript: String, scratch: URL)
  throws
{
  var measured: [String: TrainingRate] = [:]
  var peerFigures = PeerFigures()
  var peerFailure: String?
  for _ in 0..<trainingRounds {
    for row in rows {
      let rate = try row.measure()
      measured[row.name] = measured[row.name].map { $0.merged(with: rate) } ?? rate
      if case .ready(let python, _) = peer, peerFailure == nil {
        do {
          try runPyTorch(python, script: pytorchScript, names: [row.name], into: &peerFigures, scratch: scratch)
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
  let goals = rows.contains { $0.target != nil }
  print("\n" + title)
  if let peerFailure { print("PyTorch measurement failed: \(peerFailure)") }
  print(
    pad("", 44, left: true) + pad("nnscript", 12) + pad("PyTorch", 12) + pad("nnscript/PyTorch", 18)
      + (goals ? "   target" : ""))
  for row in rows {
    let rate = measured[row.name]!
    var line = pad(row.label, 44, left: true) + pad(Int(rate.best.rounded()).formatted(), 12)
    let target = row.target.map { String(format: "   ≥ %gx ", $0) } ?? ""
    if let peer = peerFigures.rates[row.name] {
      let ratio = rate.best / peer
      line += pad(Int(peer.rounded()).formatted(), 12) + pad(String(format: "%.2fx", ratio), 18) + target
      if let goal = row.target { line += ratio >= goal ? "PASS" : "MISS" }
    } else {
      line += pad("—", 12) + pad("—", 18) + target + (row.target == nil ? "" : "(no peer)")
    }
    print(line)
  }
  let shares = rows.map { String(format: "%.2f", measured[$0.name]!.cpuShare) }
  let peerShares = rows.map { peerFigures.cpuShares[$0.name].map { String(format: "%.2f", $0) } ?? "?" }
  print(
    "CPU share of the timed runs: nnscript \(shares.joined(separator: "/")), "
      + "PyTorch \(peerShares.joined(separator: "/"))")
  if let peerFailure { throw MeasurementFailure(description: "PyTorch: \(peerFailure)") }
}

/// `nnscript-bench --convolutions-only` and `--recurrent-only`: one thread, the PyTorch peer made
/// ready in a scratch folder of its own, then `rows` alone.
func measureAgainstPeerAlone(
  _ rows: [PeerRow], title: String, python: String, pytorchScript: String, venv: String
) throws {
  for (name, value) in oneThread { setenv(name, value, 1) }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-peer-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let peer = try preparePyTorch(python: python, venv: venv, scratch: scratch)
  try measureAgainstPeer(rows, title: title, peer: peer, pytorchScript: pytorchScript, scratch: scratch)
}
