import Foundation
import NNScript
import Testing

/// The library as another Swift tool uses it: only its public API (no @testable import).
struct EmbeddingTests {
  @Test func aHostFunctionIsCalledWithTypedArgumentsAndItsErrorsPointAtTheCall() {
    var printed = ""
    let engine = Engine(output: { printed += $0 })
    engine.define("scaled", "x factor?", summary: "x times the factor (2)") { args in
      let factor = try args.number(1, default: 2)
      guard factor != 0 else { throw args.failure("the factor must not be 0", at: 1) }
      return .number(try args.number(0) * factor)
    }
    let ok = engine.run(SourceFile(name: "host.nns", text: "print scaled(21)\nprint scaled(2, 5)"))
    #expect(ok.status == .success)
    #expect(printed == "42\n10\n")

    let failed = engine.run(SourceFile(name: "host.nns", text: "x = 1\ny = scaled(x, 0)"))
    #expect(failed.exitCode == 1)
    let rendered = DiagnosticRenderer().render(failed.diagnostics)
    #expect(rendered.hasPrefix("host.nns:2:15: error: scaled: the factor must not be 0"), "\(rendered)")

    let wrongType = engine.run(SourceFile(name: "host.nns", text: "scaled(\"a\")"))
    #expect(wrongType.diagnostics.first?.message == "scaled: expected a number, found string")

    let unknownParameter = engine.check(SourceFile(name: "host.nns", text: "scaled(1, 2, 3)"))
    #expect(unknownParameter.status == .invalid, "calls are checked against the signature before running")
  }

  @Test func aHostFunctionCallsBackIntoTheScriptAndAFailureThereIsTheScripts() {
    let engine = Engine()
    engine.define("cheapest", "candidates cost", summary: "the candidate the script's cost rates lowest") { args in
      var best: (candidate: Value, cost: Double)?
      for candidate in try args.list(0) {
        guard case .number(let cost) = try args.call(try args.value(1), [candidate]) else {
          throw args.failure("the cost must be a number", at: 1)
        }
        if best == nil || cost < best!.cost { best = (candidate, cost) }
      }
      return best?.candidate ?? .none
    }
    let ok = engine.run(
      SourceFile(name: "host.nns", text: "fn cost(x) { return (x - 3) * (x - 3) }\nbest = cheapest([1, 2, 4, 6], cost)")
    )
    #expect(ok.status == .success, "\(DiagnosticRenderer().render(ok.diagnostics))")
    #expect(engine[variable: "best"]?.isEqual(to: .number(2)) == true)

    let words = engine.run(SourceFile(name: "host.nns", text: "fn cost(x) { return \"high\" }\ncheapest([1], cost)"))
    #expect(words.diagnostics.map(\.message) == ["cheapest: the cost must be a number"])

    let broken = engine.run(
      SourceFile(name: "host.nns", text: "fn cost(x) { return [0][x] }\ny = cheapest([1], cost)"))
    #expect(broken.status == .failed)
    let rendered = DiagnosticRenderer().render(broken.diagnostics)
    #expect(
      rendered.hasPrefix("host.nns:1:25: error: index 1 is out of range"),
      "an error in the script's function points into it: \(rendered)")
    #expect(broken.diagnostics.last?.traceback.map(\.function) == ["cost", nil], "called from the host's call")
  }

  @Test func aDatasetBuiltFromSwiftArraysTrainsAndTheRunComesBack() throws {
    let engine = Engine()
    var features: [[Double]] = []
    var labels: [String] = []
    for i in 0..<120 {
      let x = Double(i % 40) / 40
      features.append([x, 1 - x])
      labels.append(x < 0.5 ? "low" : "high")
    }
    engine[variable: "data"] = try Value.dataset(features: features, featureNames: ["x", "y"], classes: labels)
    guard case .dataset(let data)? = engine[variable: "data"] else {
      Issue.record("the dataset did not come back")
      return
    }
    #expect(data.samples == 120 && data.featureNames == ["x", "y"] && data.classNames == ["high", "low"])
    var events: [String] = []
    engine.onTraining = { event in
      switch event {
      case .started: events.append("started")
      case .step: if events.last != "step" { events.append("step") }
      case .epoch(let progress): events.append("epoch \(progress.epoch)")
      case .finding(let finding): events.append("finding \(finding.code.rawValue)")
      case .finished: events.append("finished")
      }
    }
    let outcome = engine.run(
      SourceFile(name: "host.nns", text: "seed 1\nnet < dense 8 relu; dense 2 softmax >\nr = train epochs: 2 batch: 8"))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(Array(events.prefix(4)) == ["started", "step", "epoch 1", "step"], "\(events)")
    #expect(events.contains("epoch 2") && events.last == "finished", "\(events)")
    guard case .run(let run) = engine[variable: "r"] else {
      Issue.record("train returned no run")
      return
    }
    #expect(run.member("epochs")?.isEqual(to: .number(2)) == true)
    #expect(run.member("val_acc") != nil)
    guard case .network(let network) = Value.network(try #require(engine.currentNetwork)) else { return }
    #expect(network.description == "net < dense 8 relu; dense 2 softmax >")
  }

  /// `quiet: true` silences the printed summary and findings, not the host's events: the
  /// run says it is quiet as it starts, so that a host can draw nothing for it.
  @Test func aQuietRunPrintsNothingButItsEventsStillReachTheHost() {
    var printed = ""
    let engine = Engine(output: { printed += $0 })
    var started: [Bool] = []
    var epochs = 0
    engine.onTraining = { event in
      switch event {
      case .started(_, let quiet): started.append(quiet)
      case .epoch: epochs += 1
      default: break
      }
    }
    let script = """
      seed 1
      data = split(load("iris"), 0.8)
      net < dense 8 relu; dense 3 softmax >
      train epochs: 3 quiet: true
      train epochs: 2
      """
    let outcome = engine.run(SourceFile(name: "host.nns", text: script))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(started == [true, false])
    #expect(epochs == 5)
    #expect(printed.components(separatedBy: "trained ").count == 2, "only the second train prints: \(printed)")
  }

  /// The host of the DocC article "Running scripts you did not write": a job reads shared
  /// data and its own folder, writes only its own folder, and starts nothing.
  @Test func aHostConfinesAJobToItsFolderAndTheSharedData() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-job-\(UUID().uuidString)")
    let (job, shared) = (base.appendingPathComponent("job"), base.appendingPathComponent("datasets"))
    for folder in [job, shared] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    try "x,y\n1,a\n2,b\n3,a\n4,b\n".write(to: shared.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    var options = Engine.Options()
    options.capabilities = Capabilities(
      reading: .within([shared.path, job.path]), writing: .within([job.path]), startsProcesses: false)
    var printed = ""
    let engine = Engine(options: options, output: { printed += $0 })
    let script = """
      d = csv("../datasets/d.csv")
      save [{rows: 4}] to: "rows.csv"
      print "saved"
      save [{rows: 4}] to: "../datasets/rows.csv"
      """
    let outcome = engine.run(
      SourceFile(name: "job.nns", text: script, path: job.appendingPathComponent("job.nns").path))
    #expect(outcome.status == .failed)
    #expect(printed == "saved\n")
    let rendered = DiagnosticRenderer().render(outcome.diagnostics)
    #expect(
      rendered.hasPrefix("job.nns:4:22: error: writing '../datasets/rows.csv' is outside the allowed folders"),
      "\(rendered)")
    #expect(FileManager.default.fileExists(atPath: job.appendingPathComponent("rows.csv").path))
    #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("rows.csv").path))

    let nothing = Engine(options: Engine.Options(capabilities: .nothing))
    let read = nothing.run(
      SourceFile(name: "job.nns", text: "d = csv(\"d.csv\")", path: shared.appendingPathComponent("job.nns").path))
    #expect(read.diagnostics.map(\.message) == ["csv: reading files is not allowed here"])
  }

  @Test func raggedOrNonFiniteHostDataIsAnError() {
    #expect(throws: (any Error).self) { try Value.dataset(features: [[1, 2], [3]], classes: ["a", "b"]) }
    #expect(throws: (any Error).self) { try Value.dataset(features: [[1, .nan]], values: [1]) }
    #expect(throws: (any Error).self) { try Value.dataset(features: [[1, 2]], classes: ["a", "b"]) }
  }
}
