/// The outcome of `Trainer.train`: history, final metrics, telemetry and why it stopped.
public struct TrainingRun: Sendable, Hashable {
  /// The loss that was minimised (given or inferred).
  public let lossFunction: Loss
  /// One record per completed epoch of the kept attempt.
  public let history: [EpochRecord]
  /// Why training ended.
  public let stopReason: StopReason
  /// The epoch (from 1) whose weights the network holds at the end: the best one under early
  /// stopping, else the last completed one; nil when no epoch completed.
  public let finalEpoch: Int?
  /// The kept attempt's telemetry.
  public let telemetry: Telemetry
  /// Per attempt (the first, then each restart), the monitored loss it ended with: validation
  /// loss when there is a validation set, else training loss; infinity for a failed attempt.
  public let attemptLosses: [Float]
  /// Which attempt's weights were kept (from 0).
  public let keptAttempt: Int
  /// Wall time of the whole run.
  public let seconds: Double

  /// The metrics of the weights the network ends with.
  public var final: EpochRecord? { finalEpoch.map { history[$0 - 1] } }
}
