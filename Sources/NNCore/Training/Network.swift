/// A feed-forward network compiled from a description (input shape and layer configs): its
/// layers, all trainable parameters in one flat Float32 array (so optimisers, clipping and
/// snapshots run over a single buffer), and the per-batch buffers of both passes.
public final class Network {
  /// The shape of one sample: flat, or a sequence or an image for convolutions and pooling.
  public let inputShape: SampleShape
  /// The description the network was built from.
  public let layers: [LayerConfig]
  /// The shape each layer hands on, in order.
  public let outputShapes: [SampleShape]
  /// Outputs per sample: the width of the last layer.
  public let outputWidth: Int
  let kernels: [any LayerKernel]
  let parameters: FloatBuffer
  let gradients: FloatBuffer
  /// Batch normalisation's running means and variances: state, but not trained.
  let statistics: FloatBuffer
  private let statisticsRanges: [Range<Int>]
  /// For each layer, whether it must hand a gradient to its input (some layer before it has
  /// parameters).
  private let needsInputGradient: [Bool]
  /// The gradient with respect to each layer's output.
  private var outputGradients: [BatchBuffer]
  /// The rows the batch buffers hold.
  private(set) var capacity = 0

  /// Builds a network on flat samples of `inputWidth` features.
  public convenience init(inputWidth: Int, layers: [LayerConfig], seed: UInt64 = 0) throws {
    guard inputWidth >= 1 else { throw NetworkError(layer: nil, message: "the input width must be at least 1") }
    try self.init(inputShape: .flat(inputWidth), layers: layers, seed: seed)
  }

  /// Builds the network for samples of `inputShape` and initialises its parameters from `seed`.
  public convenience init(inputShape: SampleShape, layers: [LayerConfig], seed: UInt64 = 0) throws {
    try self.init(inputShape: inputShape, layers: layers, sharing: nil)
    initialize(seed: seed)
  }

  /// A network that computes with `twin`'s parameters and running statistics, read in place,
  /// and keeps its own gradients and batch buffers: the second half of a data-parallel step.
  func replica() -> Network {
    // The description was valid for this network, so it is valid for the replica.
    try! Network(inputShape: inputShape, layers: layers, sharing: self)
  }

  /// Builds the network's layers over `twin`'s parameters and statistics, or over new ones (left
  /// uninitialised) when `twin` is nil.
  private init(inputShape: SampleShape, layers: [LayerConfig], sharing twin: Network?) throws {
    guard inputShape.dimensions.allSatisfy({ $0 >= 1 }) else {
      throw NetworkError(layer: nil, message: "every dimension of the input must be at least 1")
    }
    guard !layers.isEmpty else { throw NetworkError(layer: nil, message: "a network needs at least one layer") }
    var parameterCount = 0
    var statisticsCount = 0
    var shapes: [SampleShape] = []
    var statisticsRanges: [Range<Int>] = []
    for (index, layer) in layers.enumerated() {
      let input = shapes.last ?? inputShape
      try Self.validate(layer, at: index)
      do {
        shapes.append(try layer.outputShape(for: input))
      } catch {
        throw NetworkError(layer: index, message: "layer \(index + 1) (\(layer)): \(error)")
      }
      parameterCount += layer.parameterCount(input: input)
      var running = 0..<0
      if case .batchNorm = layer {
        running = statisticsCount..<statisticsCount + 2 * input.channels
        statisticsCount += 2 * input.channels
      }
      statisticsRanges.append(running)
    }
    self.inputShape = inputShape
    self.layers = layers
    outputShapes = shapes
    outputWidth = shapes.last!.count
    parameters = twin?.parameters ?? FloatBuffer(count: parameterCount)
    gradients = FloatBuffer(count: parameterCount)
    statistics = twin?.statistics ?? FloatBuffer(count: statisticsCount)
    self.statisticsRanges = statisticsRanges
    var kernels: [any LayerKernel] = []
    var offset = 0
    for (index, layer) in layers.enumerated() {
      let input = index == 0 ? inputShape : shapes[index - 1]
      let kernel: any LayerKernel
      switch layer {
      case .dense(let units, let activation, let initializer, let bias):
        kernel = DenseLayer(
          inputs: input.count, units: units, activation: activation,
          initializer: initializer ?? .default(for: activation), bias: bias, offset: offset,
          parameters: parameters.pointer, gradients: gradients.pointer)
      case .batchNorm(let momentum, let eps):
        kernel = BatchNormLayer(
          channels: input.channels, positions: input.positions, momentum: momentum, eps: eps, offset: offset,
          parameters: parameters.pointer, gradients: gradients.pointer,
          statistics: statistics.pointer + statisticsRanges[index].lowerBound)
      case .dropout(let rate):
        kernel = DropoutLayer(features: input.count, rate: rate)
      case .activation(let activation):
        kernel = ActivationLayer(features: input.count, activation: activation)
      case .convolution(let c):
        kernel = ConvolutionLayer(
          window: SlidingWindow(input: input, kernel: c.kernel, stride: c.stride, padding: c.padding),
          filters: c.filters, activation: c.activation, initializer: c.initializer ?? .default(for: c.activation),
          offset: offset, parameters: parameters.pointer, gradients: gradients.pointer)
      case .pooling(let p):
        let window = SlidingWindow(input: input, kernel: p.size, stride: p.size, padding: .valid)
        kernel = p.kind == .max ? MaxPoolingLayer(window: window) : AveragePoolingLayer(window: window)
      case .globalAveragePooling:
        kernel = GlobalAveragePoolingLayer(positions: input.positions, channels: input.channels)
      case .flatten:
        kernel = FlattenLayer(width: input.count)
      case .recurrent(let r):
        let recurrent = RecurrentLayer(
          r, input: input, offset: offset, parameters: parameters.pointer, gradients: gradients.pointer)
        kernel = r.dropout > 0 ? DroppedOutLayer(recurrent, rate: r.dropout) : recurrent
      case .embedding(let vocabulary, let dimension):
        kernel = EmbeddingLayer(
          vocabulary: vocabulary, dimension: dimension, steps: input.count, offset: offset,
          parameters: parameters.pointer, gradients: gradients.pointer)
      }
      if !kernel.parameterRange.isEmpty { offset = kernel.parameterRange.upperBound }
      kernels.append(kernel)
    }
    self.kernels = kernels
    var seenParameters = false
    needsInputGradient = kernels.map { kernel in
      defer { seenParameters = seenParameters || !kernel.parameterRange.isEmpty }
      return seenParameters
    }
    outputGradients = shapes.map { BatchBuffer(width: $0.count) }
  }

  /// Features per sample.
  public var inputWidth: Int { inputShape.count }

  private static func validate(_ layer: LayerConfig, at index: Int) throws {
    func fail(_ message: String) -> NetworkError {
      NetworkError(layer: index, message: "layer \(index + 1) (\(layer)): \(message)")
    }
    switch layer {
    case .dense(let units, let activation, let initializer, _):
      guard units >= 1 else { throw fail("a dense layer needs at least 1 unit") }
      try validate(activation, fail)
      try validate(initializer, fail)
    case .batchNorm(let momentum, let eps):
      guard momentum >= 0 && momentum <= 1 else { throw fail("the momentum must be between 0 and 1") }
      guard eps > 0 && eps.isFinite else { throw fail("eps must be a finite number above 0") }
    case .dropout(let rate):
      guard rate >= 0 && rate < 1 else { throw fail("the rate must be at least 0 and below 1") }
    case .activation(let activation):
      try validate(activation, fail)
    case .convolution(let c):
      guard c.dimensions == 1 || c.dimensions == 2 else { throw fail("a convolution has 1 or 2 dimensions") }
      guard c.filters >= 1 else { throw fail("a convolution needs at least 1 filter") }
      guard c.kernel >= 1 else { throw fail("the kernel must be at least 1") }
      guard c.stride >= 1 else { throw fail("the stride must be at least 1") }
      try validate(c.activation, fail)
      try validate(c.initializer, fail)
    case .pooling(let p):
      guard p.size >= 1 else { throw fail("the pooling size must be at least 1") }
    case .globalAveragePooling, .flatten:
      break
    case .recurrent(let r):
      guard r.units >= 1 else { throw fail("a recurrent layer needs at least 1 unit") }
      if case .rnn(let activation) = r.cell, activation != .tanh && activation != .relu {
        throw fail("an rnn's activation is tanh or relu")
      }
      guard r.dropout >= 0 && r.dropout < 1 else { throw fail("the dropout must be at least 0 and below 1") }
    case .embedding(let vocabulary, let dimension):
      guard vocabulary >= 1 else { throw fail("an embedding needs a vocabulary of at least 1 token") }
      guard dimension >= 1 else { throw fail("an embedding needs at least 1 dimension") }
      // Its input is tokens, which no layer makes and no gradient reaches.
      guard index == 0 else { throw fail("an embedding reads the data's tokens, so it must be the first layer") }
    }
  }

  private static func validate(_ initializer: Initializer?, _ fail: (String) -> NetworkError) throws {
    switch initializer {
    case .normal(let std) where !(std >= 0 && std.isFinite):
      throw fail("the standard deviation of normal() must be a finite number ≥ 0")
    case .uniform(let limit) where !(limit >= 0 && limit.isFinite):
      throw fail("the limit of uniform() must be a finite number ≥ 0")
    default: break
    }
  }

  private static func validate(_ activation: Activation, _ fail: (String) -> NetworkError) throws {
    if case .leakyReLU(let alpha) = activation, !(alpha >= 0 && alpha.isFinite) {
      throw fail("the alpha of leaky_relu must be a finite number ≥ 0")
    }
  }

  /// Re-initialises every parameter and running statistic from `seed`.
  public func initialize(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    for kernel in kernels { kernel.initialize(using: &random) }
  }

  /// An independent network with the same layers, parameters and running statistics.
  public func copy() -> Network {
    // The description was valid for this network, so it is valid for the copy.
    let twin = try! Network(inputShape: inputShape, layers: layers)
    twin.restore(parameters: parameters.array, statistics: statistics.array)
    return twin
  }

  /// Trainable parameters in all layers.
  public var parameterCount: Int { parameters.count }

  /// Per layer: its description, output shape and trainable parameter count.
  public var summary: [LayerSummary] {
    // The description was valid for this network, so its summary is too.
    try! Network.summary(inputShape: inputShape, layers: layers)
  }

  /// `summary` of the network `layers` on samples of `inputShape` would make, without making
  /// it: a network too large to build still has a summary. Throws the first layer's shape error.
  public static func summary(inputShape: SampleShape, layers: [LayerConfig]) throws(ShapeError) -> [LayerSummary] {
    var shape = inputShape
    var rows: [LayerSummary] = []
    for layer in layers {
      let output = try layer.outputShape(for: shape)
      rows.append(
        LayerSummary(layer: layer.description, outputShape: output, parameterCount: layer.parameterCount(input: shape)))
      shape = output
    }
    return rows
  }

  /// The activation of the last layer: what the output passes through (linear when the last
  /// layer has none of its own, as bn, dropout, pooling and flatten).
  public var outputActivation: Activation {
    switch layers.last! {
    case .dense(_, let activation, _, _), .activation(let activation): activation
    case .convolution(let c): c.activation
    case .batchNorm, .dropout, .pooling, .globalAveragePooling, .flatten, .recurrent, .embedding: .linear
    }
  }

  /// The parameters of layer `index` (0-based); nil for a layer without any. A convolution's
  /// come as `.dense`: a filter per row, over the kernel rows, columns and input channels in
  /// that order (channels last), and a bias per filter. An embedding's come as `.dense` too:
  /// its vocabulary × dimension table, a token's vector per row, without bias.
  public func parameters(ofLayer index: Int) -> LayerParameters? {
    guard kernels.indices.contains(index), case let range = kernels[index].parameterRange, !range.isEmpty else {
      return nil
    }
    let values = Array(UnsafeBufferPointer(start: parameters.pointer + range.lowerBound, count: range.count))
    switch layers[index] {
    case .dense(let units, _, _, let bias):
      let inputs = (range.count - (bias ? units : 0)) / units
      return .dense(
        weights: Matrix(rows: units, columns: inputs, values: Array(values[0..<units * inputs])),
        bias: bias ? Array(values[(units * inputs)...]) : nil)
    case .convolution(let c):
      let patch = range.count / c.filters - 1
      return .dense(
        weights: Matrix(rows: c.filters, columns: patch, values: Array(values[0..<c.filters * patch])),
        bias: Array(values[(c.filters * patch)...]))
    case .batchNorm:
      let (width, running) = (range.count / 2, statisticsRanges[index])
      let stats = Array(UnsafeBufferPointer(start: statistics.pointer + running.lowerBound, count: running.count))
      return .batchNorm(
        gamma: Array(values[0..<width]), beta: Array(values[width...]), runningMean: Array(stats[0..<width]),
        runningVariance: Array(stats[width...]))
    case .recurrent:
      return .recurrent(recurrentLayer(index)!.directions.map(\.parameters))
    case .embedding(let vocabulary, let dimension):
      return .dense(weights: Matrix(rows: vocabulary, columns: dimension, values: values), bias: nil)
    case .dropout, .activation, .pooling, .globalAveragePooling, .flatten:
      return nil
    }
  }

  /// Sets the parameters of layer `index` (0-based); throws when they do not fit the layer.
  public func setParameters(_ values: LayerParameters, ofLayer index: Int) throws {
    guard layers.indices.contains(index) else {
      throw NetworkError(layer: nil, message: "there is no layer \(index + 1); the network has \(layers.count)")
    }
    guard let current = parameters(ofLayer: index) else {
      throw NetworkError(layer: index, message: "layer \(index + 1) (\(layers[index])) has no parameters")
    }
    let mismatch = NetworkError(
      layer: index, message: "the parameters do not fit layer \(index + 1) (\(layers[index]))")
    let start = parameters.pointer + kernels[index].parameterRange.lowerBound
    switch (current, values) {
    case (.dense(let w0, let b0), .dense(let w, let b)):
      guard w.rows == w0.rows, w.columns == w0.columns, b?.count == b0?.count else { throw mismatch }
      start.update(from: w.values, count: w.values.count)
      if let b { (start + w.values.count).update(from: b, count: b.count) }
    case (.batchNorm(let g0, _, _, _), .batchNorm(let g, let beta, let mean, let variance)):
      guard [g.count, beta.count, mean.count, variance.count].allSatisfy({ $0 == g0.count }) else { throw mismatch }
      start.update(from: g + beta, count: 2 * g.count)
      (statistics.pointer + statisticsRanges[index].lowerBound).update(from: mean + variance, count: 2 * g.count)
    case (.recurrent(let current), .recurrent(let new)):
      guard new.count == current.count, zip(new, current).allSatisfy({ $0.fits($1) }) else { throw mismatch }
      for (direction, weights) in zip(recurrentLayer(index)!.directions, new) {
        direction.set(weights)
      }
    default:
      throw mismatch
    }
  }

  /// The recurrent kernel of layer `index`, inside its dropout if it has one; nil for a layer
  /// that is not recurrent.
  func recurrentLayer(_ index: Int) -> RecurrentLayer? {
    (kernels[index] as? DroppedOutLayer<RecurrentLayer>)?.inner ?? kernels[index] as? RecurrentLayer
  }

  func restore(parameters values: [Float], statistics running: [Float]) {
    parameters.copy(from: values)
    statistics.copy(from: running)
  }

  // MARK: The passes

  /// Sizes every per-batch buffer for batches of up to `rows` rows.
  func reserve(rows: Int) {
    guard rows > capacity else { return }
    for kernel in kernels { kernel.reserve(rows: rows) }
    for i in outputGradients.indices { outputGradients[i].reserve(rows: rows) }
    capacity = rows
  }

  /// Runs `rows` rows of `input` through every layer and returns the last layer's output.
  /// `mode.skipActivation` applies to the output layer only.
  @discardableResult
  func forward(
    _ input: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator
  ) -> UnsafeMutablePointer<Float> {
    var x = input
    let last = kernels.count - 1
    let hidden = ForwardMode(training: mode.training)
    for (index, kernel) in kernels.enumerated() {
      kernel.forward(x, rows: rows, mode: index == last ? mode : hidden, random: &random)
      x = UnsafePointer(kernel.output)
    }
    return kernels[last].output
  }

  /// Where the loss writes its gradient with respect to the output, before `backward`.
  var outputGradient: UnsafeMutablePointer<Float> { outputGradients[kernels.count - 1].pointer }

  /// Back-propagates `outputGradient` through the layers of the latest forward pass on `input`,
  /// leaving the parameter gradients in `gradients` and, when `inputGradient` is given, the
  /// gradient with respect to the input there (rows × inputWidth).
  func backward(_ input: UnsafePointer<Float>, rows: Int, inputGradient: UnsafeMutablePointer<Float>? = nil) {
    for index in kernels.indices.reversed() {
      let needsInput = inputGradient != nil || needsInputGradient[index]
      kernels[index].backward(
        input: index == 0 ? input : UnsafePointer(kernels[index - 1].output),
        outputGradient: outputGradients[index].pointer,
        inputGradient: index == 0 ? inputGradient : needsInput ? outputGradients[index - 1].pointer : nil,
        rows: rows)
      if !needsInput { break }
    }
  }

  /// Whether a batch split in two and run through this network and a replica gives the whole
  /// batch's gradient, summed: no layer draws random numbers in training (dropout) or computes
  /// over the batch (batch normalisation's statistics).
  var splitsBatches: Bool {
    layers.allSatisfy { layer in
      switch layer {
      case .batchNorm, .dropout: false
      case .recurrent(let r): r.dropout == 0
      default: true
      }
    }
  }

  /// The first layer (0-based) whose latest output holds a NaN or an infinity.
  func firstNonFiniteLayer(rows: Int) -> Int? {
    kernels.firstIndex { !VectorMath.allFinite($0.output, count: rows * $0.outputWidth) }
  }
}
