import NNCore

/// Findings about a network the compiler cannot build for its data, worked out from the
/// script's description before anything is built (the static checks need a built network):
/// a layer that cannot take the shape it gets (`shape-mismatch`), fewer output units than
/// classes (`label-range`), or another output width than the targets need
/// (`output-mismatch`). `train` refuses such a run as it refuses any setup error, so that
/// `doctor` explains it and `fix` can repair it. Each cause is the compiler's own message;
/// each fix an edit of the user's layers or a line that reshapes the data.
struct FitChecks {
  let compiler: NetworkCompiler
  /// The script's layers as the core's, for the shapes and the fixes.
  let layers: [LayerConfig]

  /// Throws the compiler's error for a layer it cannot read at all (an unknown activation).
  init(network: NetworkValue, dataset: Dataset) throws {
    compiler = NetworkCompiler(network: network, dataset: dataset)
    layers = try compiler.layers()
  }

  private var network: NetworkValue { compiler.network }
  private var dataset: Dataset { compiler.dataset }
  private var classCount: Int? { dataset.targets.classNames?.count }

  /// The errors that stop the network from being built for the data; empty when it can be.
  /// A shape problem comes alone: the output is only known once every layer takes its input.
  func findings() -> [Finding] {
    let input = compiler.inputShape(for: layers)
    if let problem = compiler.shapeProblem(layers, from: input) { return [shapeMismatch(problem)] }
    guard let problem = compiler.outputProblem(layers) else { return [] }
    return [outputFinding(problem, from: input)]
  }

  // MARK: Shapes

  private func shapeMismatch(_ problem: NetworkCompiler.ShapeProblem) -> Finding {
    let index = problem.layer
    var evidence: [String] = []
    var fixes: [Fix] = []
    switch problem.error {
    case .flatInput(let shape):
      evidence.append("\(name(ofLayer: index)) gets \(shape.count) flat values")
      if problem.onDataShape, let dimensions = Self.sampleShape(shape.count, for: layers[index]) {
        fixes.append(Fix("data = reshape(data, \(dimensions))"))
      }
    case .wrongDimensions(let shape, _):
      evidence.append("\(name(ofLayer: index)) gets samples of \(shape)")
      if case .convolution(var convolution) = layers[index], [1, 2].contains(shape.spatial.count) {
        convolution.dimensions = shape.spatial.count
        fixes.append(replacing(index, with: LayerConfig.convolution(convolution).description))
      }
    case .kernelTooLarge(_, let shape):
      evidence.append("\(name(ofLayer: index)) gets \(shape)")
      if case .convolution(var convolution) = layers[index], let side = shape.spatial.min() {
        convolution.kernel = side
        fixes.append(replacing(index, with: LayerConfig.convolution(convolution).description))
      }
    case .poolTooLarge(_, let shape):
      evidence.append("\(name(ofLayer: index)) gets \(shape)")
      if case .pooling(var pooling) = layers[index], let side = shape.spatial.min() {
        pooling.size = side
        fixes.append(replacing(index, with: LayerConfig.pooling(pooling).description))
      }
    case .spatialInput(let shape):
      evidence.append("\(name(ofLayer: index)) gets \(shape)")
      fixes.append(replacing(index, with: "flatten; " + network.layers[index].range.text))
    case .notSequence(let shape):
      evidence.append("\(name(ofLayer: index)) gets \(shape.isFlat ? "\(shape.count) flat values" : "\(shape)")")
      if problem.onDataShape {
        let steps =
          shape.isFlat
          ? Self.sampleShape(shape.count, for: layers[index])
          : "\(shape.dimensions[0]), \(shape.count / shape.dimensions[0])"
        if let steps { fixes.append(Fix("data = reshape(data, \(steps))")) }
      } else if index > 0, case .recurrent(var previous) = layers[index - 1] {
        // A stacked recurrent layer reads every step of the one before.
        previous.sequences = true
        fixes.append(replacing(index - 1, with: LayerConfig.recurrent(previous).description))
      }
    case .notTokens(let shape):
      evidence.append("\(name(ofLayer: index)) gets samples of \(shape)")
      fixes.append(Fix("data = reshape(data, \(shape.count), 1)"))
    case .softmaxOverPositions(let shape):
      evidence.append("\(name(ofLayer: index)) makes \(shape)")
      if case .convolution(var convolution) = layers[index] {
        convolution.activation = .relu
        // Alone, a relu convolution at the end would leave no output layer; the fix must train.
        let output = index == layers.count - 1 ? "; gap; " + outputLayer.description : ""
        fixes.append(replacing(index, with: LayerConfig.convolution(convolution).description + output))
      }
    }
    return Finding(
      .shapeMismatch, .error, cause: compiler.diagnostic(problem).message, evidence: evidence, fixes: fixes,
      range: network.layers[index].range, strength: Strength.certain)
  }

  /// The dimensions of one sample for `layer` to read `count` flat features: length × 1 for a
  /// sequence, the squarest height × width of one channel for an image (nil when `count` is
  /// prime), a square image for pooling when `count` is a square, a square's rows as steps
  /// for a recurrent layer.
  private static func sampleShape(_ count: Int, for layer: LayerConfig) -> String? {
    let side = (1...max(1, Int(Double(count).squareRoot()))).last { count % $0 == 0 } ?? 1
    switch layer {
    case .convolution(let convolution) where convolution.dimensions == 1: return "\(count), 1"
    case .convolution: return side > 1 ? "\(side), \(count / side), 1" : nil
    case .recurrent: return side * side == count ? "\(side), \(side)" : "\(count), 1"
    default: return side * side == count ? "\(side), \(side), 1" : "\(count), 1"
    }
  }

  // MARK: The output

  private func outputFinding(_ problem: NetworkCompiler.OutputProblem, from input: SampleShape) -> Finding {
    let cause = compiler.diagnostic(problem).message
    // `dense 16 relu; relu`: an activation after the last dense layer says it is a hidden one,
    // and the output layer was left out.
    func hidden(_ index: Int) -> Bool {
      layers[(index + 1)...].contains { if case .activation(let a) = $0 { a != .softmax } else { false } }
    }
    func resized(_ index: Int, units: Int, _ activation: Activation) -> Fix? {
      hidden(index)
        ? appendingOutputLayer(from: input) : replacing(index, with: output(index, units: units, activation))
    }
    switch problem {
    case .noDenseLayer:
      return Finding(
        .outputMismatch, .error, cause: cause,
        evidence: ["the last layer, \(name(ofLayer: layers.count - 1)), has no units to make the output"],
        fixes: [appendingOutputLayer(from: input)].compactMap { $0 }, range: network.range,
        strength: Strength.certain)
    case .classes(let index, let units, let classes) where units < classes:
      return Finding(
        .labelRange, .error, cause: cause + ", so some labels can never be predicted",
        evidence: ["\(classes) classes, \(name(ofLayer: index)) has \(units)"],
        fixes: [resized(index, units: classes, .softmax)].compactMap { $0 },
        range: network.layers[index].range, strength: Strength.certain)
    case .classes(let index, let units, let classes):
      let fixes =
        [resized(index, units: classes, .softmax)]
        + (classes == 2 && !hidden(index) ? [resized(index, units: 1, .sigmoid)] : [])
      return Finding(
        .outputMismatch, .error, cause: cause + ": the extra units stand for no class",
        evidence: ["\(classes) classes, \(name(ofLayer: index)) has \(units)"], fixes: fixes.compactMap { $0 },
        range: network.layers[index].range, strength: Strength.certain)
    case .values(let index, let units):
      return Finding(
        .outputMismatch, .error, cause: cause,
        evidence: [
          "the target '\(dataset.targetName)' is one value per sample, \(name(ofLayer: index)) has \(units) units"
        ]
          + classLabelsReadAsValues(units: units),
        fixes: [resized(index, units: 1, .linear)].compactMap { $0 },
        range: network.layers[index].range, strength: Strength.certain)
    }
  }

  /// Evidence that the values are class labels read as numbers: a few whole numbers, no more
  /// than the output units the user wrote for them.
  private func classLabelsReadAsValues(units: Int) -> [String] {
    guard case .values(let values) = dataset.targets else { return [] }
    let distinct = Set(values)
    guard distinct.count >= 2, distinct.count <= units, distinct.allSatisfy({ $0 == $0.rounded() }),
      let low = distinct.min(), let high = distinct.max()
    else { return [] }
    return [
      "its values are \(distinct.count) whole numbers from \(doctorFormat(low)) to \(doctorFormat(high)):"
        + " class labels read as values? csv reads such a column as classes unless classify: false"
    ]
  }

  /// The user's last layer followed by an output layer for the targets, flattened first when
  /// the last layer hands on a sequence or an image; a last softmax becomes the output layer.
  private func appendingOutputLayer(from input: SampleShape) -> Fix? {
    guard let last = layers.indices.last else { return nil }
    if case .activation(.softmax) = layers[last] { return replacing(last, with: outputLayer.description) }
    let shape = layers.reduce(input) { shape, layer in (try? layer.outputShape(for: shape)) ?? shape }
    let text = network.layers[last].range.text + (shape.isFlat ? "; " : "; flatten; ") + outputLayer.description
    return replacing(last, with: text)
  }

  /// The output layer the targets need: one softmax unit per class, or one linear unit.
  private var outputLayer: LayerConfig {
    classCount.map { .dense(units: $0, activation: .softmax) } ?? .dense(units: 1, activation: .linear)
  }

  /// The dense layer `index` with `units` units and `activation`, keeping its initialiser and bias.
  private func output(_ index: Int, units: Int, _ activation: Activation) -> String {
    guard case .dense(_, _, let initializer, let bias) = layers[index] else {
      preconditionFailure("the output layer is a dense layer")
    }
    return LayerConfig.dense(units: units, activation: activation, initializer: initializer, bias: bias).description
  }

  /// `layer 3 (dense 64 sigmoid)`, counted from 1 as the user reads their net.
  private func name(ofLayer index: Int) -> String { "layer \(index + 1) (\(layers[index]))" }

  /// Replacing layer `index` with `text` (one layer or several), at the user's own text.
  private func replacing(_ index: Int, with text: String) -> Fix {
    let range = network.layers[index].range
    return Fix(text, edit: Fix.Edit(range: range, replacement: text, original: range.text))
  }
}
