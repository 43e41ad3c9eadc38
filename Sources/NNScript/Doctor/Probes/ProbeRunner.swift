import Dispatch
import NNCore
import Synchronization

/// Trains prepared probe runs side by side on the machine's cores and measures each by the
/// judge's metric. The runs are prepared on the script's thread; after that only the thread
/// that trains a run touches it.
struct ProbeRunner {
  let judge: FixJudge
  /// Ctrl-C: stops every probe after its current batch.
  let cancellation: CancellationFlag

  /// The result of each run after training, in order: the worst metric there is for a run
  /// whose loss became NaN; nil for one that failed or was stopped.
  func metrics(of runs: [PreparedRun]) -> [PairedScores?] {
    let box = Runs(runs)
    let results = Mutex([PairedScores?](repeating: nil, count: runs.count))
    let judge = judge
    let cancellation = cancellation
    DispatchQueue.concurrentPerform(iterations: runs.count) { index in
      let run = box.runs[index]
      guard
        let trained = try? run.trainer.train(on: run.training, validation: run.validation, cancellation: cancellation)
      else { return }
      switch trained.stopReason {
      case .completed, .earlyStopping, .nonFiniteLoss: break
      case .cancelled, .stepLimit: return
      }
      let result = judge.scores(trained, network: run.model.network, loss: run.config.loss, dataset: run.dataset)
      results.withLock { $0[index] = result }
    }
    return results.withLock { $0 }
  }

  /// `@unchecked Sendable`: each run is trained by one thread only, and read by no other.
  private final class Runs: @unchecked Sendable {
    let runs: [PreparedRun]
    init(_ runs: [PreparedRun]) { self.runs = runs }
  }
}
