import Foundation
import Testing

@testable import NNScript

/// An interactive session as a host drives it: interrupting a `train`, going on from its
/// weights, and saving the session as a script that reproduces it.
struct SessionTests {
  /// Counts the epochs a running `train` reports, from the training thread.
  final class EpochCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
  }

  private func evaluate(_ engine: Engine, _ text: String) throws {
    let outcome = engine.evaluate(SourceFile(name: "stdin", text: text))
    try #require(outcome.status == .success, "\(text): \(DiagnosticRenderer().render(outcome.diagnostics))")
  }

  @Test func anInterruptedTrainKeepsItsWeightsAndTheSavedScriptReproducesTheSession() throws {
    let engine = Engine(options: Engine.Options(seed: 42))
    let epochs = EpochCounter()
    engine.onTraining = { event in
      if case .epoch = event { epochs.add() }
    }
    try evaluate(engine, "data = load(\"iris\")")
    try evaluate(engine, "net < dense 32 relu; dense 3 softmax >")
    // The interrupt comes from another thread, as a Ctrl-C handler's would.
    let interrupter = engine.interrupter
    let thread = Thread {
      while epochs.value < 3 { usleep(1000) }
      interrupter.interrupt()
    }
    thread.start()
    try evaluate(engine, "first = train epochs: 100000 batch: 16")
    guard case .run(let first) = engine[variable: "first"] else {
      Issue.record("train returned no run")
      return
    }
    #expect(first.run.history.count >= 3 && first.run.history.count < 100_000)
    guard case .cancelled = first.run.stopReason else {
      Issue.record("stopped for \(first.run.stopReason)")
      return
    }

    try evaluate(engine, "second = train epochs: 5 batch: 16")
    guard case .run(let second) = engine[variable: "second"], let firstLoss = first.run.history.last?.loss,
      let continued = second.run.history.first?.loss, let initial = first.run.history.first?.loss
    else {
      Issue.record("an expected value is missing")
      return
    }
    // Going on from the interrupted weights: no jump back towards the untrained loss.
    #expect(continued < initial)
    #expect(continued < firstLoss * 1.5, "continued at \(continued) after \(firstLoss)")

    let script = engine.sessionScript()
    #expect(script.contains("first = train epochs: 100000 batch: 16 steps: "), "\(script)")
    let replay = Engine()
    let outcome = replay.run(SourceFile(name: "s.nns", text: script))
    try #require(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    for member in ["loss", "acc", "val_loss", "val_acc"] {
      #expect(
        Support.member(replay[variable: "second"], member).flatMap(Support.number)
          == Support.member(engine[variable: "second"], member).flatMap(Support.number), "\(member)")
    }
  }

  @Test func failedInputsStayOutOfTheSavedScript() throws {
    let engine = Engine(options: Engine.Options(seed: 7))
    try evaluate(engine, "x = 1")
    #expect(engine.evaluate(SourceFile(name: "stdin", text: "y = nope")).status != .success)
    try evaluate(engine, "print x")
    #expect(engine.sessionScript() == "# nnscript session\nseed 7\nx = 1\nprint x\n")
  }

  /// Replayed, an interrupted `search` would run all its trials: the saved script keeps it as
  /// a comment, where the input had it (a piped statement's lines count from `firstLine`).
  @Test func anInterruptedSearchIsSavedAsAComment() throws {
    let engine = Engine(options: Engine.Options(seed: 5))
    let interrupter = engine.interrupter
    var pressed = false
    engine.search.onEvent = { event in
      if case .trial(let progress) = event, progress.state != .running, progress.number == 2, !pressed {
        pressed = true
        interrupter.interrupt()
      }
    }
    try evaluate(engine, "data = split(standardize(load(\"iris\")), 0.8)")
    try evaluate(engine, "fn make(width) { return net < dense width relu; dense 3 softmax > }")
    let search = "search net: make width: [4, 16] epochs: 2 trials: 50 prune: false quiet: true"
    let outcome = engine.evaluate(SourceFile(name: "stdin", text: "x = 1\ns = \(search)\ny = 2\n", firstLine: 12))
    try #require(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(outcome.diagnostics.contains { $0.message.contains("interrupted after 2 of 50 trials") })
    #expect(pressed)
    try evaluate(engine, "t = search net: make width: [4, 16] epochs: 1 trials: 1 quiet: true")
    let script = engine.sessionScript()
    #expect(
      script.hasSuffix(
        "x = 1\n# interrupted: s = \(search)\ny = 2\nt = search net: make width: [4, 16] epochs: 1 trials: 1 quiet: true\n"
      ), "\(script)")
    let replay = Engine()
    let replayed = replay.run(SourceFile(name: "s.nns", text: script))
    try #require(replayed.status == .success, "\(DiagnosticRenderer().render(replayed.diagnostics))")
    #expect(replay[variable: "s"] == nil)
    #expect(replay[variable: "y"]?.description == "2")
  }

  @Test func runsAreShownSideBySideWithTheSettingsThatDiffer() throws {
    let engine = Engine(options: Engine.Options(seed: 3))
    #expect(engine.runsReport() == "no runs yet: train first\n")
    try evaluate(engine, "data = split(standardize(load(\"iris\")), 0.8)")
    try evaluate(engine, "net < dense 8 relu; dense 3 softmax >")
    try evaluate(engine, "train epochs: 3 lr: 0.01 quiet: true")
    try evaluate(engine, "train epochs: 3 lr: 0.1 quiet: true")
    let lines = engine.runsReport().split(separator: "\n").map(String.init)
    #expect(
      lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
        "run", "lr", "epochs", "loss", "acc", "val_loss", "val_acc",
      ])
    #expect(lines.count == 4, "\(lines)")
    #expect(lines[1].hasPrefix("1    0.01"), "\(lines)")
    #expect(lines[2].hasPrefix("2    0.1"), "\(lines)")
    #expect(lines[3] == "all runs: epochs 3, net dense 8 relu; dense 3 softmax")
  }
}
