import Foundation

// The training rows against the base build: the same workloads (TrainingRates.swift) built from
// the commit whose NNCore was still compiled for the building CPU alone, so that the portable
// kernels are seen to keep its speed.

/// Each workload runs this many times in each build, the two builds in turn.
let baseRounds = 3

/// Runs every MLP and convolution workload in a child of `base` (a bench built from the base
/// commit) and in a child of this bench, alternately (which goes first alternates too), and prints
/// each side's fastest epoch and fastest run in CPU time, and the ratios this build ÷ base. On a
/// busy machine the epochs' wall times vary with the other work; the CPU time much less.
func measureAgainstBase(_ base: String) throws {
  for (name, value) in oneThread { setenv(name, value, 1) }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-bench-base-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let me = Bundle.main.executablePath ?? CommandLine.arguments[0]
  let rows = trainingWorkloads.map { ($0.name, $0.label) } + convolutionWorkloads.map { ($0.name, $0.label) }
  var current: [String: TrainingRate] = [:]
  var previous: [String: TrainingRate] = [:]
  for round in 0..<baseRounds {
    for (name, _) in rows {
      let sides = [(me, true), (base, false)]
      for (program, isCurrent) in round % 2 == 0 ? sides : sides.reversed() {
        let rate = try childRate(program, workload: name, scratch: scratch)
        if isCurrent {
          current[name] = current[name].map { $0.merged(with: rate) } ?? rate
        } else {
          previous[name] = previous[name].map { $0.merged(with: rate) } ?? rate
        }
      }
    }
  }
  func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + space : space + text
  }
  print(
    "\nAgainst the base build (\(base)), \(baseRounds) runs each: samples/s of the fastest timed epoch, "
      + "and samples per CPU second of the fastest run")
  print(
    pad("", 44, left: true) + pad("this build", 12) + pad("base", 12) + pad("this/base", 11) + pad("per CPU-s", 12)
      + pad("base", 12) + pad("this/base", 11))
  func count(_ value: Double) -> String { Int(value.rounded()).formatted() }
  for (name, label) in rows {
    let (now, then) = (current[name]!, previous[name]!)
    print(
      pad(label, 44, left: true) + pad(count(now.best), 12) + pad(count(then.best), 12)
        + pad(String(format: "%.2fx", now.best / then.best), 11) + pad(count(now.cpuRate), 12)
        + pad(count(then.cpuRate), 12) + pad(String(format: "%.2fx", now.cpuRate / then.cpuRate), 11))
  }
  let shares = { (rates: [String: TrainingRate]) in
    rows.map { String(format: "%.2f", rates[$0.0]!.cpuShare) }.joined(separator: "/")
  }
  print("CPU share of the timed runs: this build \(shares(current)), base \(shares(previous))")
}

/// What `program --rates-child workload` measured.
func childRate(_ program: String, workload: String, scratch: URL) throws -> TrainingRate {
  let run = try runLogged([program, "--rates-child", workload], timeout: .seconds(600), in: scratch)
  let numbers = run.output.split(separator: " ").compactMap {
    Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
  }
  guard run.status == 0, numbers.count >= 3 else {
    let how = run.status.map { "exited with \($0)" } ?? "took over 10 minutes"
    throw MeasurementFailure(
      description: "\(program) --rates-child \(workload) \(how):\n" + tail(run.errors + run.output))
  }
  return TrainingRate(epochs: Samples(Array(numbers.dropFirst(2))), cpuShare: numbers[0], cpuRate: numbers[1])
}
