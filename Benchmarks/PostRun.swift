import Foundation
import NNScript

// The work after a run's last epoch (the doctor's analysis, the run's value, the session's
// record of it), on a run of many epochs: it grows with the epochs, so a long run ends at once.

let postRunEpochs = 100_000
let postRunRuns = 3

/// The figure's row, with its target: half a second.
func postRunRow() throws -> Row {
  Row(name: "after a \(postRunEpochs.formatted())-epoch run's last epoch", samples: try measurePostRun(), target: 500)
}

/// Trains a small net on iris for `postRunEpochs` one-batch epochs, `postRunRuns` times; the
/// time from the last epoch's event to the end of the statement.
func measurePostRun() throws -> Samples {
  let clock = ContinuousClock()
  let script = """
    data = load("iris")
    net < dense 4 relu; dense 3 softmax >
    r = train epochs: \(postRunEpochs) batch: 200
    """
  return Samples(
    try (0..<postRunRuns).map { _ in
      let engine = Engine(output: { _ in })
      var lastEpoch: ContinuousClock.Instant?
      engine.onTraining = { event in
        if case .epoch(let progress) = event, progress.epoch == progress.epochs { lastEpoch = clock.now }
      }
      let outcome = engine.run(SourceFile(name: "post-run-bench.nns", text: script))
      let end = clock.now
      guard outcome.status == .success, let lastEpoch else {
        throw MeasurementFailure(
          description: "the \(postRunEpochs)-epoch run did not end: \(DiagnosticRenderer().render(outcome.diagnostics))"
        )
      }
      return milliseconds(end - lastEpoch)
    })
}
