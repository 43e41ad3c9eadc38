import Synchronization

/// Asynchronous successive halving on the validation loss, as Optuna's pruner does it with a
/// minimum resource of 1 epoch and a reduction factor of 3: rungs at epochs 1, 3, 9, 27…; a
/// trial reaching a rung goes on only when its loss is among the best third of the losses
/// every trial had there (the best one while fewer than three have been). Trials report from
/// any thread.
final class SuccessiveHalvingPruner: Sendable {
  let minResource: Int
  let reductionFactor: Int

  private struct State {
    /// The losses recorded at each rung, by any trial.
    var rungs: [[Double]] = []
    /// The rungs each trial has passed.
    var passed: [Int: Int] = [:]
  }
  private let state = Mutex(State())

  init(minResource: Int = 1, reductionFactor: Int = 3) {
    self.minResource = minResource
    self.reductionFactor = reductionFactor
  }

  /// Whether `trial`, which has just finished `epoch` with validation loss `loss`, should stop.
  func shouldPrune(trial: Int, epoch: Int, loss: Double) -> Bool {
    state.withLock { state in
      var rung = state.passed[trial] ?? 0
      defer { state.passed[trial] = rung }
      while true {
        guard epoch >= rungEpoch(rung) else { return false }
        guard loss.isFinite else { return true }
        if state.rungs.count <= rung { state.rungs.append([]) }
        state.rungs[rung].append(loss)
        let competing = state.rungs[rung].sorted()
        let promoted = max(competing.count / reductionFactor, 1)
        guard loss <= competing[promoted - 1] else { return true }
        rung += 1
      }
    }
  }

  /// The epoch at which rung `k` judges: minResource · factorᵏ.
  func rungEpoch(_ k: Int) -> Int {
    var epoch = minResource
    for _ in 0..<k { epoch *= reductionFactor }
    return epoch
  }
}
