/// One layer of a network description, as the language compiles it from a net literal.
public enum LayerConfig: Sendable, Hashable, CustomStringConvertible {
  /// Fully connected: `units` outputs, then the activation. A nil initializer follows the
  /// activation (`Initializer.default(for:)`).
  case dense(units: Int, activation: Activation = .linear, initializer: Initializer? = nil, bias: Bool = true)
  /// Batch normalisation over each feature. Running statistics move as
  /// running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance.
  case batchNorm(momentum: Float = 0.1, eps: Float = 1e-5)
  /// Inverted dropout: zeroes each value with probability `rate` while training and scales the
  /// rest by 1 / (1 − rate); the identity in evaluation.
  case dropout(rate: Float)
  case activation(Activation)

  /// The layer as nnscript would write it: `dense 128 relu`, `bn`, `dropout 0.5`, `tanh`.
  public var description: String {
    switch self {
    case .dense(let units, let activation, let initializer, let bias):
      var text = "dense \(units)"
      if activation != .linear { text += " \(activation)" }
      if let initializer { text += " init: \(initializer)" }
      if !bias { text += " bias: false" }
      return text
    case .batchNorm(let momentum, let eps):
      var text = "bn"
      if momentum != 0.1 { text += " momentum: \(momentum)" }
      if eps != 1e-5 { text += " eps: \(eps)" }
      return text
    case .dropout(let rate): return "dropout \(rate)"
    case .activation(let activation): return activation.description
    }
  }
}
