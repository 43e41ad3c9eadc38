/// Everything that decides how training goes on from a point: the network's parameters and
/// running statistics, the optimiser's state and the random generator's state.
public struct TrainingSnapshot: Sendable {
  /// All trainable parameters, layer by layer as the network lays them out.
  public let parameters: [Float]
  /// Batch normalisation's running means and variances.
  public let statistics: [Float]
  /// The optimiser's steps and buffers.
  public let optimizer: OptimizerState
  /// The generator behind shuffling, dropout and restarts.
  public let random: SeededGenerator
}
