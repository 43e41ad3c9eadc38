import Foundation
import NNScript

// A host that owns its data and a little of the logic, and lets a script do the training.

/// Readings the host collected: two sensors on a 20 × 20 grid of machines, and whether each
/// machine failed soon after.
func readings() -> (features: [[Double]], labels: [String]) {
  var features: [[Double]] = []
  var labels: [String] = []
  for i in 0..<20 {
    for j in 0..<20 {
      let (heat, vibration) = (Double(i) / 19, Double(j) / 19)
      features.append([heat, vibration])
      labels.append(heat * heat + vibration > 1 ? "fails" : "runs")
    }
  }
  return (features, labels)
}

let engine = Engine(output: { print($0, terminator: "") })
engine.onNote = { note in FileHandle.standardError.write(Data(DiagnosticRenderer().render([note]).utf8)) }

let (features, labels) = readings()
engine[variable: "data"] = try Value.dataset(
  name: "machines", features: features, featureNames: ["heat", "vibration"], classes: labels)

// A host function: the script asks the host how much an error costs.
engine.define("cost", "label", summary: "what a missed label costs, in hours of downtime") { args in
  switch try args.string(0) {
  case "fails": return .number(40)
  case "runs": return .number(1)
  case let other: throw args.failure("no cost is known for '\(other)'", at: 0)
  }
}

// A host function that calls back into the script: the script says how to judge a width, and
// the host decides which widths are worth trying and keeps the best.
engine.define("best_width", "widths judge", summary: "the width the script's judge rates lowest") { args in
  var best: (width: Value, loss: Double)?
  for width in try args.list(0) {
    guard case .number(let loss) = try args.call(try args.value(1), [width]) else {
      throw args.failure("the judge must return a number", at: 1)
    }
    if best == nil || loss < best!.loss { best = (width, loss) }
  }
  return best?.width ?? .none
}

let script = """
  seed 7
  data = split(standardize(data), 0.8)
  fn judge(width) {
    net < dense width relu; dense 2 softmax >
    trial = train epochs: 10 batch: 16 lr: 0.01 quiet: true
    return trial.val_loss
  }
  print "of widths 2 and 16, one layer of" best_width([2, 16], judge) "learns best"
  net < dense 16 relu; dense 16 relu; dense 2 softmax >
  r = train epochs: 40 batch: 16 lr: 0.01 quiet: true
  print "a missed failure costs" cost("fails") "hours"
  """
let outcome = engine.run(SourceFile(name: "embedded.nns", text: script))
guard outcome.status == .success else {
  FileHandle.standardError.write(Data(DiagnosticRenderer().render(outcome.diagnostics).utf8))
  exit(outcome.exitCode)
}

guard case .run(let run) = engine[variable: "r"], case .number(let accuracy) = run.member("val_acc"),
  case .number(let loss) = run.member("val_loss"), case .number(let epochs) = run.member("epochs")
else {
  FileHandle.standardError.write(Data("the script left no run in r\n".utf8))
  exit(1)
}
print(
  "trained \(Int(epochs)) epochs: val_acc \(String(format: "%.3f", accuracy)), val_loss \(String(format: "%.4f", loss))"
)
// The host checks what it relies on: a net this size separates the two groups well.
guard accuracy > 0.9 else {
  FileHandle.standardError.write(Data("the accuracy \(accuracy) is too low\n".utf8))
  exit(1)
}

// A script the host did not write runs with less: it may write only into its own folder,
// read nothing, and start no processes. What it is refused stops it at that line, before
// anything is written.
let jobFolder = FileManager.default.temporaryDirectory.appendingPathComponent("embedding-job-\(getpid())")
try FileManager.default.createDirectory(at: jobFolder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: jobFolder) }
let untrusted = Engine(
  options: Engine.Options(
    capabilities: Capabilities(reading: .none, writing: .within([jobFolder.path]), startsProcesses: false)))
untrusted[variable: "data"] = engine[variable: "data"]
let job = """
  net < dense 8 relu; dense 2 softmax >
  r = train epochs: 2 quiet: true
  save r to: "history.csv"
  save r to: "../stolen.csv"
  """
let refused = untrusted.run(
  SourceFile(name: "job.nns", text: job, path: jobFolder.appendingPathComponent("job.nns").path))
let stolen = jobFolder.deletingLastPathComponent().appendingPathComponent("stolen.csv")
guard refused.status == .failed,
  refused.diagnostics.last?.message == "writing '../stolen.csv' is outside the allowed folders",
  FileManager.default.fileExists(atPath: jobFolder.appendingPathComponent("history.csv").path),
  !FileManager.default.fileExists(atPath: stolen.path)
else {
  FileHandle.standardError.write(Data("the job was not confined to its folder\n".utf8))
  exit(1)
}
print(DiagnosticRenderer().render(refused.diagnostics).split(separator: "\n")[0])
