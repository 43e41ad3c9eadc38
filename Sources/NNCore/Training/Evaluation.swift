/// A network's loss (unweighted) and, for class targets, accuracy on a data set.
public struct Evaluation: Sendable, Hashable {
  /// The mean loss per sample, without class weights.
  public let loss: Float
  /// The fraction classified right; nil for value targets.
  public let accuracy: Float?
}
