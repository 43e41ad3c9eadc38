/// One epoch of a run's history.
public struct EpochRecord: Sendable, Hashable {
  /// From 1.
  public let epoch: Int
  /// The mean training loss over the epoch's steps (class-weighted when weights are given).
  public let loss: Float
  /// Training accuracy over the epoch, for class targets.
  public let accuracy: Float?
  /// Loss on the validation set after the epoch (unweighted), when there is one.
  public let validationLoss: Float?
  /// Accuracy on the validation set after the epoch, for class targets.
  public let validationAccuracy: Float?
  /// The rate the epoch's steps used.
  public let learningRate: Float
  /// Wall time of the epoch, validation included.
  public let seconds: Double
}
