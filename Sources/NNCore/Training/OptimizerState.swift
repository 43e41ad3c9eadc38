/// An optimiser's state: the steps taken and its per-parameter buffers (momentum, moments or
/// accumulated squares, in the order the update rule keeps them).
public struct OptimizerState: Sendable, Hashable {
  /// Updates applied so far (Adam's bias correction counts them).
  public let step: Int
  /// One array per kind of state, each as long as the network's parameters.
  public let slots: [[Float]]
}
