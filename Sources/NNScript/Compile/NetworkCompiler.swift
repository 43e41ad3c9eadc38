import NNCore

/// Compiles a network as the script wrote it into the training core's layers, against the
/// data it will train on: the input width comes from the data, and the output layer must
/// fit the targets. Mistakes are diagnostics at the layer's own source text.
struct NetworkCompiler {
  let network: NetworkValue
  let dataset: Dataset

  func layers() throws -> [LayerConfig] {
    try network.layers.map(layer)
  }

  /// The core network, freshly initialised from `seed`.
  func compile(seed: UInt64) throws -> Network {
    let configs = try layers()
    try checkOutput(configs)
    do {
      return try Network(inputWidth: dataset.features.columns, layers: configs, seed: seed)
    } catch let error as NetworkError {
      let range = error.layer.map { network.layers[$0].range } ?? network.range
      throw Diagnostic(error: error.message, at: range)
    }
  }

  /// The last layer with units decides the output width, and it must fit the targets.
  private func checkOutput(_ configs: [LayerConfig]) throws {
    guard let last = configs.lastIndex(where: { if case .dense = $0 { return true } else { return false } }),
      case .dense(let units, _, _, _) = configs[last]
    else {
      throw Diagnostic(error: "the network has no dense layer to produce an output", at: network.range)
        .expecting("a last layer such as dense \(dataset.targets.classNames?.count ?? 1)")
    }
    let range = network.layers[last].range
    if let classes = dataset.targets.classNames?.count {
      guard units == classes || (classes == 2 && units == 1) else {
        throw Diagnostic(
          error: "the output layer has \(units) unit\(units == 1 ? "" : "s"), but the data has \(classes) classes",
          at: range
        )
        .expecting("dense \(classes) softmax" + (classes == 2 ? ", or dense 1 sigmoid" : ""))
      }
    } else if units != 1 {
      throw Diagnostic(
        error: "the output layer has \(units) units, but the data has one value to predict per sample", at: range
      )
      .expecting("dense 1")
    }
  }

  private func layer(_ layer: NetworkValue.Layer) throws -> LayerConfig {
    switch layer.name {
    case "dense":
      return .dense(
        units: Int(layer.number("units") ?? 1),
        activation: try layer.argument("activation").map { try Self.activation($0, at: layer.range) } ?? .linear,
        initializer: try layer.argument("init").map { try Self.initializer($0, at: layer.range) },
        bias: layer.bool("bias") ?? true)
    case "bn":
      return .batchNorm(momentum: Float(layer.number("momentum") ?? 0.1), eps: Float(layer.number("eps") ?? 1e-5))
    case "dropout":
      return .dropout(rate: Float(layer.number("rate") ?? 0))
    default:
      let parameters = layer.arguments.map(\.value)
      return .activation(try Self.activation(.term(Term(name: layer.name, arguments: parameters)), at: layer.range))
    }
  }

  static func activation(_ value: Value, at range: SourceRange) throws -> Activation {
    guard case .term(let term) = value else {
      throw Diagnostic(error: "expected an activation, found \(value.typeName)", at: range)
    }
    switch term.name {
    case "relu": return .relu
    case "leaky_relu": return .leakyReLU(alpha: Float(term.number(0, "alpha") ?? 0.01))
    case "elu": return .elu
    case "selu": return .selu
    case "gelu": return .gelu
    case "sigmoid": return .sigmoid
    case "tanh": return .tanh
    case "softmax": return .softmax
    case "softplus": return .softplus
    case "swish": return .swish
    case "linear": return .linear
    default: throw Diagnostic(error: "unknown activation '\(term.name)'", at: range)
    }
  }

  static func initializer(_ value: Value, at range: SourceRange) throws -> Initializer {
    guard case .term(let term) = value else {
      throw Diagnostic(error: "expected an initializer, found \(value.typeName)", at: range)
    }
    switch term.name {
    case "he": return .he
    case "glorot": return .glorot
    case "lecun": return .lecun
    case "zeros": return .zeros
    case "normal":
      guard let std = term.number(0, "std"), std > 0 else {
        throw Diagnostic(error: "normal(STD) needs a standard deviation above 0", at: range)
      }
      return .normal(std: Float(std))
    case "uniform":
      guard let a = term.number(0, "a"), a > 0 else {
        throw Diagnostic(error: "uniform(A) needs a limit above 0", at: range)
      }
      return .uniform(limit: Float(a))
    default: throw Diagnostic(error: "unknown initializer '\(term.name)'", at: range)
    }
  }
}

extension NetworkValue.Layer {
  func number(_ slot: String) -> Double? {
    if case .number(let n) = argument(slot) { return n }
    return nil
  }

  func bool(_ slot: String) -> Bool? {
    if case .bool(let b) = argument(slot) { return b }
    return nil
  }
}

extension Term {
  /// The argument at `position`, or the one named `name`.
  func value(_ position: Int, _ name: String) -> Value? {
    options.first { $0.name == name }?.value ?? (position < arguments.count ? arguments[position] : nil)
  }

  func number(_ position: Int, _ name: String) -> Double? {
    if case .number(let n) = value(position, name) { return n }
    return nil
  }
}
