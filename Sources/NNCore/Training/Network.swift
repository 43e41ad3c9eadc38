/// A feed-forward network compiled from a description (input width and layer configs): its
/// layers, all trainable parameters in one flat Float32 array (so optimisers, clipping and
/// snapshots run over a single buffer), and the per-batch buffers of both passes.
public final class Network {
  /// Features per sample.
  public let inputWidth: Int
  /// The description the network was built from.
  public let layers: [LayerConfig]
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

  /// Builds the network and initialises its parameters from `seed`.
  public init(inputWidth: Int, layers: [LayerConfig], seed: UInt64 = 0) throws {
    guard inputWidth >= 1 else { throw NetworkError(layer: nil, message: "the input width must be at least 1") }
    guard !layers.isEmpty else { throw NetworkError(layer: nil, message: "a network needs at least one layer") }
    var parameterCount = 0
    var statisticsCount = 0
    var widths: [Int] = []
    var statisticsRanges: [Range<Int>] = []
    for (index, layer) in layers.enumerated() {
      let width = widths.last ?? inputWidth
      try Self.validate(layer, at: index)
      var running = 0..<0
      switch layer {
      case .dense(let units, _, _, let bias):
        parameterCount += units * width + (bias ? units : 0)
        widths.append(units)
      case .batchNorm:
        parameterCount += 2 * width
        running = statisticsCount..<statisticsCount + 2 * width
        statisticsCount += 2 * width
        widths.append(width)
      case .dropout, .activation:
        widths.append(width)
      }
      statisticsRanges.append(running)
    }
    self.inputWidth = inputWidth
    self.layers = layers
    outputWidth = widths.last!
    parameters = FloatBuffer(count: parameterCount)
    gradients = FloatBuffer(count: parameterCount)
    statistics = FloatBuffer(count: statisticsCount)
    self.statisticsRanges = statisticsRanges
    var kernels: [any LayerKernel] = []
    var offset = 0
    for (index, layer) in layers.enumerated() {
      let width = index == 0 ? inputWidth : widths[index - 1]
      let kernel: any LayerKernel
      switch layer {
      case .dense(let units, let activation, let initializer, let bias):
        kernel = DenseLayer(
          inputs: width, units: units, activation: activation,
          initializer: initializer ?? .default(for: activation), bias: bias, offset: offset,
          parameters: parameters.pointer, gradients: gradients.pointer)
      case .batchNorm(let momentum, let eps):
        kernel = BatchNormLayer(
          features: width, momentum: momentum, eps: eps, offset: offset, parameters: parameters.pointer,
          gradients: gradients.pointer, statistics: statistics.pointer + statisticsRanges[index].lowerBound)
      case .dropout(let rate):
        kernel = DropoutLayer(features: width, rate: rate)
      case .activation(let activation):
        kernel = ActivationLayer(features: width, activation: activation)
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
    outputGradients = widths.map { BatchBuffer(width: $0) }
    initialize(seed: seed)
  }

  private static func validate(_ layer: LayerConfig, at index: Int) throws {
    func fail(_ message: String) -> NetworkError {
      NetworkError(layer: index, message: "layer \(index + 1) (\(layer)): \(message)")
    }
    switch layer {
    case .dense(let units, let activation, let initializer, _):
      guard units >= 1 else { throw fail("a dense layer needs at least 1 unit") }
      try validate(activation, fail)
      switch initializer {
      case .normal(let std) where !(std >= 0 && std.isFinite):
        throw fail("the standard deviation of normal() must be a finite number ≥ 0")
      case .uniform(let limit) where !(limit >= 0 && limit.isFinite):
        throw fail("the limit of uniform() must be a finite number ≥ 0")
      default: break
      }
    case .batchNorm(let momentum, let eps):
      guard momentum >= 0 && momentum <= 1 else { throw fail("the momentum must be between 0 and 1") }
      guard eps > 0 && eps.isFinite else { throw fail("eps must be a finite number above 0") }
    case .dropout(let rate):
      guard rate >= 0 && rate < 1 else { throw fail("the rate must be at least 0 and below 1") }
    case .activation(let activation):
      try validate(activation, fail)
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
    let twin = try! Network(inputWidth: inputWidth, layers: layers)
    twin.restore(parameters: parameters.array, statistics: statistics.array)
    return twin
  }

  /// Trainable parameters in all layers.
  public var parameterCount: Int { parameters.count }

  /// Per layer: its description, output width and trainable parameter count.
  public var summary: [LayerSummary] {
    zip(layers, kernels).map {
      LayerSummary(layer: $0.description, outputWidth: $1.outputWidth, parameterCount: $1.parameterRange.count)
    }
  }

  /// The activation of the last layer: what the output passes through (linear when the last
  /// layer is bn or dropout).
  public var outputActivation: Activation {
    switch layers.last! {
    case .dense(_, let activation, _, _), .activation(let activation): activation
    case .batchNorm, .dropout: .linear
    }
  }

  /// The parameters of layer `index` (0-based); nil for a layer without any.
  public func parameters(ofLayer index: Int) -> LayerParameters? {
    guard kernels.indices.contains(index), case let range = kernels[index].parameterRange, !range.isEmpty else {
      return nil
    }
    let values = Array(UnsafeBufferPointer(start: parameters.pointer + range.lowerBound, count: range.count))
    let width = kernels[index].outputWidth
    switch layers[index] {
    case .dense(let units, _, _, let bias):
      let inputs = (range.count - (bias ? units : 0)) / units
      return .dense(
        weights: Matrix(rows: units, columns: inputs, values: Array(values[0..<units * inputs])),
        bias: bias ? Array(values[(units * inputs)...]) : nil)
    case .batchNorm:
      let running = statisticsRanges[index]
      let stats = Array(UnsafeBufferPointer(start: statistics.pointer + running.lowerBound, count: running.count))
      return .batchNorm(
        gamma: Array(values[0..<width]), beta: Array(values[width...]), runningMean: Array(stats[0..<width]),
        runningVariance: Array(stats[width...]))
    case .dropout, .activation:
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
    default:
      throw mismatch
    }
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
  /// leaving the parameter gradients in `gradients`.
  func backward(_ input: UnsafePointer<Float>, rows: Int) {
    for index in kernels.indices.reversed() {
      let needsInput = needsInputGradient[index]
      kernels[index].backward(
        input: index == 0 ? input : UnsafePointer(kernels[index - 1].output),
        outputGradient: outputGradients[index].pointer,
        inputGradient: needsInput ? outputGradients[index - 1].pointer : nil, rows: rows)
      if !needsInput { break }
    }
  }

  /// The first layer (0-based) whose latest output holds a NaN or an infinity.
  func firstNonFiniteLayer(rows: Int) -> Int? {
    kernels.firstIndex { !VectorMath.allFinite($0.output, count: rows * $0.outputWidth) }
  }
}
