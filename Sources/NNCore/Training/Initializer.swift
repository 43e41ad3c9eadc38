/// How a dense layer's weights start. Biases always start at zero.
public enum Initializer: Sendable, Hashable, CustomStringConvertible {
  /// Normal with standard deviation √(2 / fan-in).
  case he
  /// Uniform on ±√(6 / fan-in).
  case heUniform
  /// Uniform on ±√(6 / (fan-in + fan-out)).
  case glorot
  /// Normal with standard deviation √(1 / fan-in).
  case lecun
  case normal(std: Float)
  /// Uniform on [−limit, limit].
  case uniform(limit: Float)
  case zeros

  /// He for the relu family, LeCun for selu (its self-normalising fixed point assumes it),
  /// Glorot otherwise.
  public static func `default`(for activation: Activation) -> Initializer {
    switch activation {
    case .relu, .leakyReLU, .elu, .gelu, .swish: .he
    case .selu: .lecun
    case .sigmoid, .tanh, .softmax, .softplus, .linear: .glorot
    }
  }

  /// The initializer as nnscript writes it: `he`, `normal(0.05)`.
  public var description: String {
    switch self {
    case .he: "he"
    case .heUniform: "he_uniform"
    case .glorot: "glorot"
    case .lecun: "lecun"
    case .normal(let std): "normal(\(std))"
    case .uniform(let limit): "uniform(\(limit))"
    case .zeros: "zeros"
    }
  }

  /// Fills `weights` (fan-out rows of fan-in values).
  func fill(_ weights: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, using random: inout SeededGenerator) {
    let count = fanIn * fanOut
    func normal(_ std: Double) {
      for i in 0..<count { weights[i] = Float(random.gaussian() * std) }
    }
    func uniform(_ limit: Double) {
      for i in 0..<count { weights[i] = Float((2 * random.nextUnit() - 1) * limit) }
    }
    switch self {
    case .he: normal((2 / Double(fanIn)).squareRoot())
    case .heUniform: uniform((6 / Double(fanIn)).squareRoot())
    case .glorot: uniform((6 / Double(fanIn + fanOut)).squareRoot())
    case .lecun: normal((1 / Double(fanIn)).squareRoot())
    case .normal(let std): normal(Double(std))
    case .uniform(let limit): uniform(Double(limit))
    case .zeros: weights.update(repeating: 0, count: count)
    }
  }
}
