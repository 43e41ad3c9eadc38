/// One layer of a network description, as the language compiles it from a net literal.
public enum LayerConfig: Sendable, Hashable, CustomStringConvertible {
  /// Fully connected: `units` outputs, then the activation. A nil initializer follows the
  /// activation (`Initializer.default(for:)`).
  case dense(units: Int, activation: Activation = .linear, initializer: Initializer? = nil, bias: Bool = true)
  /// Batch normalisation over each feature, or over each channel (across every position) when
  /// its input is a sequence or an image. Running statistics move as
  /// running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance.
  case batchNorm(momentum: Float = 0.1, eps: Float = 1e-5)
  /// Inverted dropout: zeroes each value with probability `rate` while training and scales the
  /// rest by 1 / (1 − rate); the identity in evaluation.
  case dropout(rate: Float)
  case activation(Activation)
  /// A 1-D or 2-D convolution with a bias per filter.
  case convolution(Convolution)
  case pooling(Pooling)
  /// The mean of each channel over every position: a sequence or an image becomes a vector.
  case globalAveragePooling
  /// A sequence or an image read as one flat vector, in its channels-last order.
  case flatten
  /// rnn, lstm or gru over a sequence (steps × features).
  case recurrent(Recurrent)
  /// A learned vector of `dimension` values per token, as PyTorch's `nn.Embedding`: a sample
  /// of T tokens, whole numbers in [0, vocabulary), becomes a sequence of T × dimension. It
  /// reads the data itself, so it is the first layer.
  case embedding(vocabulary: Int, dimension: Int)

  /// `conv1d FILTERS KERNEL`, over length × channels.
  public static func conv1d(
    filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .valid, activation: Activation = .linear,
    initializer: Initializer? = nil
  ) -> LayerConfig {
    .convolution(
      Convolution(
        dimensions: 1, filters: filters, kernel: kernel, stride: stride, padding: padding, activation: activation,
        initializer: initializer))
  }

  /// `conv2d FILTERS KERNEL`, with square kernel × kernel filters over height × width × channels.
  public static func conv2d(
    filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .valid, activation: Activation = .linear,
    initializer: Initializer? = nil
  ) -> LayerConfig {
    .convolution(
      Convolution(
        dimensions: 2, filters: filters, kernel: kernel, stride: stride, padding: padding, activation: activation,
        initializer: initializer))
  }

  /// `maxpool SIZE`: the largest value of each SIZE-wide window, at stride SIZE.
  public static func maxPool(_ size: Int) -> LayerConfig { .pooling(Pooling(.max, size: size)) }
  /// `avgpool SIZE`: the mean of each SIZE-wide window, at stride SIZE.
  public static func averagePool(_ size: Int) -> LayerConfig { .pooling(Pooling(.average, size: size)) }

  /// The layer as nnscript would write it: `dense 128 relu`, `bn`, `dropout 0.5`, `tanh`,
  /// `conv2d 16 3 relu pad: same`, `maxpool 2`.
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
    case .convolution(let c):
      var text = "conv\(c.dimensions)d \(c.filters) \(c.kernel)"
      if c.activation != .linear { text += " \(c.activation)" }
      if c.stride != 1 { text += " stride: \(c.stride)" }
      if c.padding != .valid { text += " pad: \(c.padding)" }
      if let initializer = c.initializer { text += " init: \(initializer)" }
      return text
    case .pooling(let p): return "\(p.kind == .max ? "maxpool" : "avgpool") \(p.size)"
    case .globalAveragePooling: return "gap"
    case .flatten: return "flatten"
    case .recurrent(let r): return r.description
    case .embedding(let vocabulary, let dimension): return "embedding \(vocabulary) \(dimension)"
    }
  }
}
