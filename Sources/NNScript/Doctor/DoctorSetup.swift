import Foundation
import NNCore

/// What the doctor examines besides a run: the compiled layers, the data with its split, the
/// training configuration, and where the user wrote each layer and option so fixes can point
/// at their own lines.
///
/// Visible to the package, not to hosts: it holds the core's types, and the benchmarks time
/// the doctor on a core network without a script.
package struct DoctorSetup {
  /// The compiled layers, in order.
  let layers: [LayerConfig]
  /// The number of input features.
  let inputWidth: Int
  /// What each layer reads: steps and features for a recurrent layer.
  let layerInputs: [SampleShape]
  /// The number of output units.
  let outputWidth: Int
  /// Weights and biases, all layers together.
  let parameterCount: Int
  /// The number of weights (biases aside) of each dense and convolution layer, from the
  /// compiled network, whose shapes know what each layer sees; nil for the others.
  let weightCounts: [Int?]
  /// The activation of the output layer.
  let outputActivation: Activation
  /// The data, with its split, as the run trains on it.
  let dataset: Dataset
  /// The training configuration the options made.
  let config: TrainingConfig
  /// The loss minimised: the configured one or the one the output layer implies.
  let loss: Loss
  /// One range per layer, from the script's `NetworkValue`; nil for a network built in Swift.
  let layerRanges: [SourceRange]?
  /// Where each `train` option's value was written (`lr` → the `10` of `lr: 10`).
  let optionRanges: [String: SourceRange]

  /// `source` must describe `network` layer for layer (the interpreter compiles one from the other).
  package init(
    network: Network, dataset: Dataset, config: TrainingConfig, source: NetworkValue? = nil,
    optionRanges: [String: SourceRange] = [:]
  ) {
    layers = network.layers
    layerInputs = [network.inputShape] + network.outputShapes.dropLast()
    inputWidth = network.inputWidth
    outputWidth = network.outputWidth
    parameterCount = network.parameterCount
    outputActivation = network.outputActivation
    weightCounts = network.weightCounts
    self.dataset = dataset
    self.config = config
    loss = config.loss ?? .inferred(for: network)
    layerRanges = source.flatMap { $0.layers.count == network.layers.count ? $0.layers.map(\.range) : nil }
    self.optionRanges = optionRanges
  }

  var trainingRows: [Int] { dataset.trainingRows }
  var validationRows: [Int] { dataset.split?.validation ?? [] }
  var classCount: Int? { dataset.targets.classNames?.count }

  /// The index of the last dense layer: the one whose units make the output.
  var outputLayer: Int? { layers.lastIndex { if case .dense = $0 { true } else { false } } }

  /// `layer 3 (dense 64 sigmoid)`, counted from 1 as the user reads their net.
  func name(ofLayer index: Int) -> String { "layer \(index + 1) (\(layers[index]))" }

  func range(ofLayer index: Int) -> SourceRange? { layerRanges?[index] }

  /// Replacing layer `index` with `replacement`, at the user's line when known.
  func fix(layer index: Int, with replacement: LayerConfig) -> Fix {
    let text = replacement.description
    guard let range = range(ofLayer: index) else { return Fix(text) }
    return Fix(text, edit: Fix.Edit(range: range, replacement: text, original: range.text))
  }

  /// Replacing the whole layer stack with `replacement`, as one edit of the user's layers.
  func fix(network replacement: [LayerConfig]) -> Fix {
    let text = replacement.map(\.description).joined(separator: "; ")
    guard let first = layerRanges?.first, let last = layerRanges?.last else { return Fix(text) }
    let range = first.to(last)
    return Fix(text, edit: Fix.Edit(range: range, replacement: text, original: range.text))
  }

  /// Every dense or conv layer with a hand-picked random initialiser back on its activation's
  /// default, in one edit; nil when no layer has one.
  func defaultInitializers() -> Fix? {
    func handPicked(_ initializer: Initializer?) -> Bool {
      switch initializer {
      case .normal?, .uniform?: true
      default: false
      }
    }
    var changed = false
    let layers = layers.map { layer -> LayerConfig in
      switch layer {
      case .dense(let units, let activation, let initializer, let bias) where handPicked(initializer):
        changed = true
        return .dense(units: units, activation: activation, bias: bias)
      case .convolution(var convolution) where handPicked(convolution.initializer):
        changed = true
        convolution.initializer = nil
        return .convolution(convolution)
      default:
        return layer
      }
    }
    return changed ? fix(network: layers) : nil
  }

  /// A `dropout` layer after the last hidden dense layer, written as an edit of that layer's
  /// line so that `fix` can apply it and show it.
  func dropoutAfterLastHiddenLayer(_ rate: Float) -> Fix {
    let text = "dropout \(rate)"
    guard let output = outputLayer,
      let hidden = layers[..<output].lastIndex(where: { if case .dense = $0 { true } else { false } }),
      let range = range(ofLayer: hidden)
    else { return Fix(text) }
    return Fix(text, edit: Fix.Edit(range: range, replacement: "\(range.text); \(text)", original: range.text))
  }

  /// Setting the `train` option `name` to `value`, replacing the user's value when they gave one.
  func fix(option name: String, _ value: String) -> Fix {
    let text = "\(name): \(value)"
    guard let range = optionRanges[name] else { return Fix(text) }
    return Fix(text, edit: Fix.Edit(range: range, replacement: value, original: "\(name): \(range.text)"))
  }

  /// The training part's regression targets; empty for class targets.
  var trainingValues: [Float] {
    guard case .values(let values) = dataset.targets else { return [] }
    return trainingRows.map { values[$0] }
  }

  /// The training part's class labels, in training order; empty for regression.
  var trainingLabels: [Int32] {
    guard case .classes(let labels, _) = dataset.targets else { return [] }
    return trainingRows.map { labels[$0] }
  }
}

/// Numbers in findings: three significant digits, plain when that reads well.
func doctorFormat(_ x: Float) -> String {
  if !x.isFinite { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
  if x == 0 { return "0" }
  if abs(x) >= 1e-3 && abs(x) < 1e5 {
    if x == x.rounded() { return String(Int(x)) }
    return String(format: "%.3g", Double(x))
  }
  return String(format: "%.2e", Double(x))
}

func mean(_ xs: [Float]) -> Float { xs.isEmpty ? .nan : xs.reduce(0, +) / Float(xs.count) }

func median(_ xs: [Float]) -> Float? {
  guard !xs.isEmpty else { return nil }
  let sorted = xs.sorted()
  return sorted.count % 2 == 1
    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func standardDeviation(_ xs: [Float]) -> Float {
  let m = mean(xs)
  return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(max(xs.count, 1))).squareRoot()
}
