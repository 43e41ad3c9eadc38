/// The parameters of one layer, for inspection and for setting known weights.
public enum LayerParameters: Sendable, Equatable {
  /// `weights` is units × inputs (out-major, as PyTorch stores it); `bias` is nil for a layer
  /// built with `bias: false`.
  case dense(weights: Matrix, bias: [Float]?)
  case batchNorm(gamma: [Float], beta: [Float], runningMean: [Float], runningVariance: [Float])
}
