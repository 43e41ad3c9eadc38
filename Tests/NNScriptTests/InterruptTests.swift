import Foundation
import NNCore
import Synchronization
import Testing

@testable import NNScript

/// Ctrl-C (the engine's interrupter) stops what would otherwise run forever.
struct InterruptTests {
  /// Runs `body` while Ctrl-C is pressed on `engine` again and again, as a person would, until
  /// it returns: a press that lands before the statement starts belongs to an earlier one, and
  /// a later press comes during it. The presses come from a thread of their own: the shared
  /// pool's few threads may all be running tests that wait for a press.
  static func pressingCtrlC<T>(on engine: Engine, during body: () -> T) -> T {
    let interrupter = engine.interrupter
    let (returned, stopped) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
    Thread {
      while returned.wait(timeout: .now() + .milliseconds(50)) == .timedOut { interrupter.interrupt() }
      stopped.signal()
    }.start()
    defer {
      returned.signal()
      stopped.wait()
    }
    return body()
  }

  /// How many epochs a session's trainings reported.
  final class EpochCount: @unchecked Sendable {
    var count = 0
  }

  /// An engine that presses Ctrl-C at its trainings' second epoch, and their epoch count.
  static func engineInterruptedAtItsSecondEpoch() -> (Engine, EpochCount) {
    let epochs = EpochCount()
    let engine = Engine(output: { _ in })
    let interrupter = engine.interrupter
    engine.onTraining = { event in
      guard case .epoch = event else { return }
      epochs.count += 1
      if epochs.count == 2 { interrupter.interrupt() }
    }
    return (engine, epochs)
  }

  @Test(.timeLimit(.minutes(5)))
  func aLoopThatNeverEndsStopsAtCtrlCAndTheSessionStaysAsItWas() throws {
    let engine = Engine(output: { _ in })
    _ = engine.evaluate(SourceFile(name: "setup.nns", text: "i = 0"))
    let outcome = Self.pressingCtrlC(on: engine) {
      engine.evaluate(SourceFile(name: "loop.nns", text: "while true { i = i + 1 }"))
    }
    #expect(outcome.status == .failed)
    let diagnostic = try #require(outcome.diagnostics.last)
    #expect(diagnostic.message == "interrupted")
    #expect(diagnostic.range?.start == 0)
    #expect(engine[variable: "i"]?.description == "0")
    // The press belonged to that statement: the next one runs.
    let next = engine.evaluate(SourceFile(name: "next.nns", text: "for k in range(3) { i = i + k }"))
    #expect(next.status == .success)
    #expect(engine[variable: "i"]?.description == "3")
  }

  /// A press during a training in a loop stops that training after its batch and the loop after it.
  @Test(.timeLimit(.minutes(5)))
  func aPressDuringATrainingInALoopStopsTheLoopToo() throws {
    let (engine, epochs) = Self.engineInterruptedAtItsSecondEpoch()
    let outcome = engine.run(
      SourceFile(
        name: "loop.nns",
        text: """
          data = load("iris")
          net < dense 8 relu; dense 3 softmax >
          for lr in [0.1, 0.01, 0.001] { train epochs: 5 lr: lr quiet: false }
          """))
    #expect(outcome.diagnostics.last?.message == "interrupted")
    #expect(epochs.count == 2)
  }

  /// A press during a statement, before its training starts, stops that training at its first
  /// batch: it is not forgotten when the training starts.
  @Test(.timeLimit(.minutes(5)))
  func aPressBeforeTheTrainingOfTheSameStatementStopsIt() throws {
    let interrupter = Mutex<Interrupter?>(nil)
    let engine = Engine(output: { text in
      if text == "go\n" { interrupter.withLock { $0?.interrupt() } }
    })
    interrupter.withLock { $0 = engine.interrupter }
    let outcome = engine.evaluate(
      SourceFile(
        name: "press.nns",
        text: """
          data = load("iris")
          net < dense 8 relu; dense 3 softmax >
          fn go() {
            print "go"
            return train epochs: 300 quiet: true
          }
          r = go()
          after = train epochs: 2 quiet: true
          """))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(Support.member(engine[variable: "r"], "stopped")?.description == "\"cancelled at epoch 1, step 1\"")
    // The press belonged to `r = go()`: the statement after it trains to its end.
    #expect(Support.member(engine[variable: "after"], "epochs")?.description == "2")
  }

  /// Ctrl-C during `fix` stops its retraining and the whole fix, with the session as it was:
  /// a retraining cut short is not judged as if it had ended.
  @Test(.timeLimit(.minutes(5)))
  func ctrlCStopsAFixAndKeepsTheSession() throws {
    let (engine, _) = Self.engineInterruptedAtItsSecondEpoch()
    let setup = engine.evaluate(
      SourceFile(
        name: "setup.nns",
        text: """
          data = load("iris")
          net < dense 1 tanh; dense 3 softmax >
          r = train epochs: 100000 quiet: false
          """))
    #expect(setup.status == .success, "\(DiagnosticRenderer().render(setup.diagnostics))")
    // Its retrainings run 100000 epochs, quietly: only a press ends them.
    let outcome = Self.pressingCtrlC(on: engine) {
      engine.evaluate(SourceFile(name: "fix.nns", text: "f = fix budget: 3"))
    }
    #expect(outcome.status == .failed)
    #expect(outcome.diagnostics.last?.message == "interrupted")
    #expect(engine[variable: "f"] == nil)
    #expect(Support.member(engine[variable: "r"], "epochs")?.description == "2")
    #expect(engine.evaluate(SourceFile(name: "next.nns", text: "n = 1 + 1")).status == .success)
    // The failed fix changed nothing, so the saved session has no line of it; the interrupted
    // train replays to where it stopped.
    let script = engine.sessionScript()
    #expect(!script.contains("fix"), "\(script)")
    #expect(script.contains("r = train epochs: 100000 quiet: false steps: "), "\(script)")
  }
}

/// What cross-validation refuses and how Ctrl-C ends it.
struct FoldsOptionTests {
  @Test func foldsRefuseOneRunsFiles() {
    let result = Support.run(
      """
      data = load("iris")
      net < dense 8 relu; dense 3 softmax >
      train epochs: 2 folds: 3 log: "runs/cv"
      """)
    let diagnostic = result.outcome.diagnostics.last
    #expect(diagnostic?.message == "log: keeps one run's files, and cross-validation trains one run a fold")
    #expect(
      diagnostic?.range?.start
        == "data = load(\"iris\")\nnet < dense 8 relu; dense 3 softmax >\ntrain epochs: 2 folds: 3 log: ".utf8.count)
  }

  @Test(.timeLimit(.minutes(5)))
  func ctrlCInAFoldEndsTheCrossValidation() {
    let engine = Engine(output: { _ in })
    let outcome = InterruptTests.pressingCtrlC(on: engine) {
      engine.run(
        SourceFile(
          name: "cv.nns",
          text: """
            data = load("iris")
            net < dense 8 relu; dense 3 softmax >
            cv = train epochs: 100000 folds: 4
            """))
    }
    #expect(outcome.diagnostics.last?.message == "interrupted in fold 1 of 4")
  }
}
