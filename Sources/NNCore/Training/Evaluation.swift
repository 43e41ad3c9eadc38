/// A network's loss (unweighted) and, for class targets, accuracy on a data set.
public struct Evaluation: Sendable, Hashable {
  /// The mean loss per sample, without class weights.
  public let loss: Float
  /// The fraction classified right; nil for value targets.
  public let accuracy: Float?
  /// The mean over classes of the fraction of each classified right: what accuracy hides
  /// when one class dominates. Nil for value targets.
  public let balancedAccuracy: Float?

  /// A nil `balancedAccuracy` takes the value of `accuracy`.
  public init(loss: Float, accuracy: Float?, balancedAccuracy: Float? = nil) {
    self.loss = loss
    self.accuracy = accuracy
    self.balancedAccuracy = balancedAccuracy ?? accuracy
  }
}
