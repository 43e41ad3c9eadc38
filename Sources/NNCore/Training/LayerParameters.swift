/// The parameters of one layer, for inspection and for setting known weights.
public enum LayerParameters: Sendable, Equatable {
  /// `weights` is units × inputs (out-major, as PyTorch stores it); `bias` is nil for a layer
  /// built with `bias: false`.
  case dense(weights: Matrix, bias: [Float]?)
  case batchNorm(gamma: [Float], beta: [Float], runningMean: [Float], runningVariance: [Float])
  /// One set per direction, forward then reverse.
  case recurrent([RecurrentWeights])
}

/// One direction of a recurrent layer, as PyTorch names and lays it out: `weight_ih`
/// [gates·units, features], `weight_hh` [gates·units, units], `bias_ih` and `bias_hh`
/// [gates·units], the gates' blocks of rows in PyTorch's order (lstm i, f, g, o; gru r, z, n).
public struct RecurrentWeights: Sendable, Equatable {
  public var weightIH: Matrix
  public var weightHH: Matrix
  public var biasIH: [Float]
  public var biasHH: [Float]

  public init(weightIH: Matrix, weightHH: Matrix, biasIH: [Float], biasHH: [Float]) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.biasIH = biasIH
    self.biasHH = biasHH
  }
}

extension RecurrentWeights {
  /// Whether these have the shapes of `other`.
  func fits(_ other: RecurrentWeights) -> Bool {
    (weightIH.rows, weightIH.columns, weightHH.rows, weightHH.columns, biasIH.count, biasHH.count)
      == (
        other.weightIH.rows, other.weightIH.columns, other.weightHH.rows, other.weightHH.columns,
        other.biasIH.count, other.biasHH.count
      )
  }
}
