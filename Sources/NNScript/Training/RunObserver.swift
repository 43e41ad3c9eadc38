import NNCore

/// Watches a `train` besides the doctor and the host: a checkpoint folder, a training log.
/// Built from `train`'s options by `TrainCommand.observers(for:resumedAfter:)`.
protocol RunObserver: AnyObject {
  /// After each epoch, with the trainer as that epoch left it (weights, optimiser state).
  func epochEnded(_ record: EpochRecord, trainer: Trainer) throws
  /// After the run, whatever stopped it.
  func runEnded(_ run: TrainingRun, trainer: Trainer) throws
}
