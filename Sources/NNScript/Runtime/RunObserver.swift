import NNCore

/// Watches a `train` besides the doctor and the host: a checkpoint folder, a training log.
/// Built from `train`'s options by `Interpreter.observers(for:resumedAfter:)`.
protocol RunObserver: AnyObject {
  /// After each epoch, with the trainer as that epoch left it (weights, optimiser state).
  func epochEnded(_ record: EpochRecord, trainer: Trainer) throws
  /// After the run, whatever stopped it.
  func runEnded(_ run: TrainingRun, trainer: Trainer) throws
}

extension Interpreter {
  /// The observers `train`'s options ask for; `resumedAfter` is the epoch of the checkpoint
  /// a resumed run goes on from.
  func observers(for run: PreparedRun, resumedAfter: Int?) throws -> [RunObserver] {
    [try logObserver(for: run.recipe, resumedAfter: resumedAfter), try checkpointObserver(for: run)].compactMap { $0 }
  }
}
