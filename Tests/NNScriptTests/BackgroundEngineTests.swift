import Dispatch
import NNScript
import Testing

/// The DocC article "Running an engine in the background", as a host writes it: only the
/// public API, an engine made on a background task, interrupted from the main actor.
struct BackgroundEngineTests {
  @MainActor
  @Test(.timeLimit(.minutes(5)))
  func anEngineOnABackgroundTaskStopsWhenTheMainActorInterruptsIt() async throws {
    let (interrupters, handOver) = AsyncStream.makeStream(of: Interrupter.self)
    let (steps, stepped) = AsyncStream.makeStream(of: Int.self)
    // The first step waits for the press, so that the press lands during the training
    // however the threads are scheduled; the article's host does not need to.
    let pressed = DispatchSemaphore(value: 0)
    let training = Task.detached { () -> (Outcome.Status, String?) in
      let engine = Engine(options: Engine.Options(seed: 1))
      handOver.yield(engine.interrupter)
      handOver.finish()
      var waited = false
      engine.onTraining = { event in
        guard case .step(let step, _) = event else { return }
        stepped.yield(step)
        if !waited {
          waited = true
          pressed.wait()
        }
      }
      let outcome = engine.run(
        SourceFile(
          name: "long.nns",
          text: """
            data = split(standardize(load("iris")), 0.8)
            net < dense 16 relu; dense 3 softmax >
            r = train epochs: 100000
            """))
      stepped.finish()
      guard case .run(let run)? = engine[variable: "r"], case .string(let stopped)? = run.member("stopped") else {
        return (outcome.status, nil)
      }
      return (outcome.status, stopped)
    }

    var handedOver = interrupters.makeAsyncIterator()
    let interrupter = try #require(await handedOver.next())
    var first: Int?
    for await step in steps {
      first = step
      break
    }
    interrupter.interrupt()
    pressed.signal()
    let (status, stopped) = await training.value
    #expect(first == 1)
    #expect(status == .success, "the script goes on after the interrupted train")
    let reason = try #require(stopped)
    #expect(reason.hasPrefix("cancelled at epoch 1, step "), "\(reason)")
  }
}
