import Foundation
import Testing

@testable import NNScript

/// Ctrl-C (the engine's interrupter) stops what would otherwise run forever.
struct InterruptTests {
  /// Runs `text` in `engine`, pressing Ctrl-C from another thread after `delay` seconds.
  private func evaluate(_ text: String, in engine: Engine, interruptingAfter delay: Double) -> Outcome {
    let interrupter = engine.interrupter
    DispatchQueue.global().asyncAfter(deadline: .now() + delay) { interrupter.interrupt() }
    return engine.evaluate(SourceFile(name: "loop.nns", text: text))
  }

  @Test(.timeLimit(.minutes(1)))
  func aLoopThatNeverEndsStopsAtCtrlCAndTheSessionStaysAsItWas() throws {
    let engine = Engine(output: { _ in })
    _ = engine.evaluate(SourceFile(name: "setup.nns", text: "i = 0"))
    let outcome = evaluate("while true { i = i + 1 }", in: engine, interruptingAfter: 0.3)
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
