import Foundation
import NNCore
import Testing

@testable import NNScript

/// Ctrl-C (the engine's interrupter) stops what would otherwise run forever.
struct InterruptTests {
  /// Runs `body` while Ctrl-C is pressed on `engine` every 0.2 s, as a person would, until it
  /// returns: a press that lands before the statement starts belongs to an earlier one.
  static func pressingCtrlC<T>(on engine: Engine, during body: () -> T) -> T {
    let (interrupter, done) = (engine.interrupter, CancellationFlag())
    DispatchQueue.global().async {
      while !done.isCancelled {
        Thread.sleep(forTimeInterval: 0.2)
        interrupter.interrupt()
      }
    }
    defer { done.cancel() }
    return body()
  }

  @Test(.timeLimit(.minutes(1)))
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
  @Test(.timeLimit(.minutes(1)))
  func aPressDuringATrainingInALoopStopsTheLoopToo() throws {
    var epochs = 0
    let engine = Engine(output: { _ in })
    let interrupter = engine.interrupter
    engine.onTraining = { event in
      guard case .epoch = event else { return }
      epochs += 1
      if epochs == 2 { interrupter.interrupt() }
    }
    let outcome = engine.run(
      SourceFile(
        name: "loop.nns",
        text: """
          data = load("iris")
          net < dense 8 relu; dense 3 softmax >
          for lr in [0.1, 0.01, 0.001] { train epochs: 5 lr: lr quiet: false }
          """))
    #expect(outcome.diagnostics.last?.message == "interrupted")
    #expect(epochs == 2)
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

  @Test(.timeLimit(.minutes(1)))
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
