import NNCore

/// Compiles a network as the script wrote it into the training core's layers, against the
/// data it will train on: the input shape comes from the data, each layer's shape follows from
/// the one before, and the output layer must fit the targets. Mistakes are diagnostics at the
/// layer's own source text.
struct NetworkCompiler {
  let network: NetworkValue
  let dataset: Dataset

  func layers() throws -> [LayerConfig] {
    try network.layers.map(layer)
  }

  /// The core network, freshly initialised from `seed`, once its memory for batches of `rows`
  /// rows trained by `optimizer` (none when it is only built) fits `budget`.
  func compile(seed: UInt64, budget: MemoryBudget, rows: Int = 0, optimizer: OptimizerConfig? = nil) throws -> Network {
    let configs = try layers()
    let input = inputShape(for: configs)
    try checkShapes(configs, from: input)
    try checkOutput(configs)
    try checkMemory(configs, from: input, rows: rows, optimizer: optimizer, budget: budget)
    do {
      return try Network(inputShape: input, layers: configs, seed: seed)
    } catch let error as NetworkError {
      let range = error.layer.map { network.layers[$0].range } ?? network.range
      throw Diagnostic(error: error.message, at: range)
    }
  }

  /// The summary of the network `compile` would build, and its input shape, without building
  /// it: the same shape and output checks, and nothing allocated for parameters.
  func outline() throws -> (input: SampleShape, layers: [LayerSummary]) {
    let configs = try layers()
    let input = inputShape(for: configs)
    try checkShapes(configs, from: input)
    try checkOutput(configs)
    // The shapes were checked, so there is no shape error left to throw.
    return (input, (try? Network.summary(inputShape: input, layers: configs)) ?? [])
  }

  /// What keeps the output layer from fitting the targets.
  enum OutputProblem {
    /// No layer has units to make the output.
    case noDenseLayer
    /// The last dense layer, `layer`, has `units` units for `classes` classes.
    case classes(layer: Int, units: Int, classes: Int)
    /// The last dense layer, `layer`, has `units` units for one value per sample.
    case values(layer: Int, units: Int)
  }

  /// The last layer with units decides the output width, and it must fit the targets: one
  /// unit per class (one unit will do for two), one unit for a value.
  func outputProblem(_ configs: [LayerConfig]) -> OutputProblem? {
    guard let last = configs.lastIndex(where: { if case .dense = $0 { return true } else { return false } }),
      case .dense(let units, _, _, _) = configs[last]
    else { return .noDenseLayer }
    if let classes = dataset.targets.classNames?.count {
      return units == classes || (classes == 2 && units == 1)
        ? nil : .classes(layer: last, units: units, classes: classes)
    }
    return units == 1 ? nil : .values(layer: last, units: units)
  }

  private func checkOutput(_ configs: [LayerConfig]) throws {
    if let problem = outputProblem(configs) { throw diagnostic(problem) }
  }

  /// The problem as an error at the output layer (at the network when it has none).
  func diagnostic(_ problem: OutputProblem) -> Diagnostic {
    switch problem {
    case .noDenseLayer:
      return Diagnostic(error: "the network has no dense layer to produce an output", at: network.range)
        .expecting("a last layer such as dense \(dataset.targets.classNames?.count ?? 1)")
    case .classes(let layer, let units, let classes):
      return Diagnostic(
        error: "the output layer has \(units) unit\(units == 1 ? "" : "s"), but the data has \(classes) classes",
        at: network.layers[layer].range
      )
      .expecting("dense \(classes) softmax" + (classes == 2 ? ", or dense 1 sigmoid" : ""))
    case .values(let layer, let units):
      return Diagnostic(
        error: "the output layer has \(units) units, but the data has one value to predict per sample",
        at: network.layers[layer].range
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
    case "conv1d", "conv2d":
      let activation = try layer.argument("activation").map { try Self.activation($0, at: layer.range) } ?? .linear
      return .convolution(
        Convolution(
          dimensions: layer.name == "conv1d" ? 1 : 2, filters: Int(layer.number("filters") ?? 1),
          kernel: Int(layer.number("kernel") ?? 1), stride: Int(layer.number("stride") ?? 1),
          padding: try layer.argument("pad").map { try Self.padding($0, at: layer.range) } ?? .valid,
          activation: activation,
          initializer: try layer.argument("init").map { try Self.initializer($0, at: layer.range) }))
    case "maxpool", "avgpool":
      return .pooling(Pooling(layer.name == "maxpool" ? .max : .average, size: Int(layer.number("size") ?? 1)))
    case "gap":
      return .globalAveragePooling
    case "flatten":
      return .flatten
    case "rnn", "lstm", "gru":
      let cell: Recurrent.Cell =
        switch layer.name {
        case "lstm": .lstm
        case "gru": .gru
        default: .rnn(try layer.argument("activation").map { try Self.activation($0, at: layer.range) } ?? .tanh)
        }
      return .recurrent(
        Recurrent(
          cell, units: Int(layer.number("units") ?? 1), sequences: layer.bool("seq") ?? false,
          bidirectional: layer.bool("bidirectional") ?? false, dropout: Float(layer.number("dropout") ?? 0)))
    case "embedding":
      return .embedding(
        vocabulary: Int(layer.number("vocabulary") ?? 1), dimension: Int(layer.number("dimension") ?? 1))
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

  static func padding(_ value: Value, at range: SourceRange) throws -> Padding {
    guard case .term(let term) = value, let padding = Padding(rawValue: term.name) else {
      throw Diagnostic(error: "expected a padding, found \(value)", at: range).expecting("valid or same")
    }
    return padding
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

// MARK: Shapes

/// The data's sample shape flows through the layers, and a layer that cannot take what it gets
/// is an error at that layer, with the change that makes it fit.
extension NetworkCompiler {
  /// The shape the first layer sees: the data's sample shape when the network has a layer that
  /// reads it (a convolution, pooling, gap or flatten), else flat features, so a dense stack
  /// reads an image as one vector.
  func inputShape(for configs: [LayerConfig]) -> SampleShape {
    configs.contains(where: \.readsSampleShape) ? dataset.inputShape : .flat(dataset.features.columns)
  }

  /// A layer that cannot take the shape it gets: which, why, and whether what it gets is
  /// still the data's own samples (no layer before it changed their shape).
  struct ShapeProblem {
    let layer: Int
    let error: ShapeError
    let onDataShape: Bool
  }

  /// Infers each layer's output shape from its input's, in order, up to the first layer that
  /// cannot take its input.
  func shapeProblem(_ configs: [LayerConfig], from input: SampleShape) -> ShapeProblem? {
    var shape = input
    // Until a layer changes the shape, the input is the data's own, which `reshape` changes.
    var dataShape = true
    for (index, config) in configs.enumerated() {
      do {
        let next = try config.outputShape(for: shape)
        dataShape = dataShape && next == shape
        shape = next
      } catch {
        return ShapeProblem(layer: index, error: error, onDataShape: dataShape)
      }
    }
    return nil
  }

  func checkShapes(_ configs: [LayerConfig], from input: SampleShape) throws {
    // An embedding reads tokens, which only the data holds.
    if let index = configs.dropFirst().firstIndex(where: { if case .embedding = $0 { true } else { false } }) {
      throw Diagnostic(
        error: "embedding reads the data's tokens, so it must be the first layer", at: network.layers[index].range
      )
      .expecting("embedding before \(network.layers[0].name)")
    }
    if let problem = shapeProblem(configs, from: input) { throw diagnostic(problem) }
  }

  /// The problem as an error at its layer, with the change that makes it fit.
  func diagnostic(_ problem: ShapeProblem) -> Diagnostic {
    diagnostic(problem.error, network.layers[problem.layer], dataShape: problem.onDataShape)
  }

  private func diagnostic(_ error: ShapeError, _ layer: NetworkValue.Layer, dataShape: Bool) -> Diagnostic {
    let (name, range) = (layer.name, layer.range)
    let input = { (shape: SampleShape) in dataShape ? "the data's samples are \(shape)" : "its input is \(shape)" }
    let inputNoun = { (shape: SampleShape) in dataShape ? "the data's \(shape) samples" : "its \(shape) input" }
    switch error {
    case .flatInput(let shape):
      let wanted =
        switch name {
        case "conv1d": "a sequence (length × channels)"
        case "conv2d": "an image (height × width × channels)"
        default: "a sequence or an image"
        }
      guard dataShape else {
        return Diagnostic(error: "\(name) needs \(wanted), but its input is \(shape.count) flat values", at: range)
          .expecting("\(name) before flatten, gap and dense")
      }
      var diagnostic = Diagnostic(
        error: "\(name) needs \(wanted), but the data's samples are \(shape.count) flat features", at: range)
      diagnostic.label = "give the samples a shape first: data = reshape(data, \(reshape(shape.count, for: name)))"
      return diagnostic
    case .wrongDimensions(let shape, let expected):
      return expected == 1
        ? Diagnostic(error: "conv1d needs a sequence (length × channels), but \(input(shape))", at: range)
          .expecting("conv2d for an image")
        : Diagnostic(error: "conv2d needs an image (height × width × channels), but \(input(shape))", at: range)
          .expecting("conv1d for a sequence")
    case .kernelTooLarge(let kernel, let shape):
      let square = name == "conv2d" ? "\(kernel)×\(kernel)" : "\(kernel)-wide"
      return Diagnostic(error: "the \(square) kernel is larger than \(inputNoun(shape))", at: range)
        .expecting("a kernel of at most \(shape.spatial.min()!)")
    case .poolTooLarge(let size, let shape):
      return Diagnostic(error: "\(name) \(size) leaves nothing of \(inputNoun(shape))", at: range)
        .expecting("\(name) \(shape.spatial.min()!) at most")
    case .spatialInput(let shape):
      return Diagnostic(error: "\(name) needs a flat input, but \(input(shape))", at: range)
        .expecting("flatten or gap before it")
    case .notSequence(let shape):
      let samples = shape.isFlat ? "\(shape.count) flat features" : "\(shape)"
      guard dataShape else {
        return Diagnostic(error: "\(name) needs a sequence (steps × features), but \(input(shape))", at: range)
          .expecting("seq: true on the recurrent layer before it")
      }
      var diagnostic = Diagnostic(
        error: "\(name) needs a sequence (steps × features), but the data's samples are \(samples)", at: range)
      // An image is read a row at a time: its rows are the steps.
      let steps =
        shape.isFlat ? reshape(shape.count, for: name) : "\(shape.dimensions[0]), \(shape.count / shape.dimensions[0])"
      diagnostic.label = "give the samples steps first: data = reshape(data, \(steps))"
      return diagnostic
    case .notTokens(let shape):
      var diagnostic = Diagnostic(
        error: "embedding needs a sequence of tokens (T, or T×1), but the data's samples are \(shape)", at: range)
      diagnostic.label = "give the samples one token per step: data = reshape(data, \(shape.count), 1)"
      return diagnostic
    case .softmaxOverPositions(let shape):
      return Diagnostic(error: "a softmax over the \(shape) output would mix positions and channels", at: range)
        .expecting("flatten or gap, then dense with softmax")
    }
  }

  /// The dimensions to suggest to `reshape` for `count` flat features before layer `name`:
  /// length × 1 for a sequence, a square of one channel for an image when `count` is a square,
  /// a square's rows as steps for a recurrent layer.
  private func reshape(_ count: Int, for name: String) -> String {
    let side = Int(Double(count).squareRoot().rounded())
    let square = side * side == count
    switch name {
    case "conv1d": return "\(count), 1"
    case "conv2d": return square ? "\(side), \(side), 1" : "HEIGHT, WIDTH, CHANNELS"
    // A square's rows as steps, as an image is read a row at a time.
    case "rnn", "lstm", "gru": return square ? "\(side), \(side)" : "\(count), 1"
    default: return square ? "\(side), \(side), 1" : "\(count), 1"
    }
  }
}

extension LayerConfig {
  /// Whether the layer needs to know where each value sits in a sample.
  fileprivate var readsSampleShape: Bool {
    switch self {
    case .convolution, .pooling, .globalAveragePooling, .flatten, .recurrent, .embedding: true
    case .dense, .batchNorm, .dropout, .activation: false
    }
  }
}
