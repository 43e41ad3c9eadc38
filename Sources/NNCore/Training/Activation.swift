/// An element-wise (or, for softmax, row-wise) non-linearity, used after a dense layer or as a
/// layer of its own.
public enum Activation: Sendable, Hashable, CustomStringConvertible {
  case relu
  /// x for x > 0, alpha·x otherwise; alpha ≥ 0.
  case leakyReLU(alpha: Float = 0.01)
  /// x for x > 0, exp(x) − 1 otherwise (alpha 1).
  case elu
  /// Scaled elu with the self-normalising constants.
  case selu
  /// x·Φ(x), the exact erf form.
  case gelu
  case sigmoid
  case tanh
  /// Normalised exponentials over each row. Fused with cross-entropy when it is the output.
  case softmax
  /// ln(1 + exp(x)); x itself above 20, as PyTorch does.
  case softplus
  /// x·sigmoid(x).
  case swish
  /// The identity.
  case linear

  /// The word for it in nnscript, with the parameter when there is one (`leaky_relu 0.2`).
  public var description: String {
    switch self {
    case .relu: "relu"
    case .leakyReLU(let alpha): alpha == 0.01 ? "leaky_relu" : "leaky_relu \(alpha)"
    case .elu: "elu"
    case .selu: "selu"
    case .gelu: "gelu"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .softmax: "softmax"
    case .softplus: "softplus"
    case .swish: "swish"
    case .linear: "linear"
    }
  }

  /// Whether the derivative needs the input z rather than only the output f(z).
  var derivativeNeedsInput: Bool {
    switch self {
    case .gelu, .softplus, .swish: true
    default: false
    }
  }
}
