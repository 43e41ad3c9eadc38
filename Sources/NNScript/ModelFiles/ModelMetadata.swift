import Foundation
import NNCore

/// What a model file says besides its weights: the network as nnscript writes it, and the data
/// it expects, so that a loaded network predicts from raw samples as `predict` did. Each field
/// is a string of safetensors' `__metadata__`; lists and the preparation are JSON.
struct ModelMetadata: Equatable {
  /// `net < dense 16 relu; dense 3 softmax >`
  var network: String
  /// The feature names, in input order.
  var inputs: [String]
  /// The shape of one sample when it is more than a vector (8×8×1 images), which convolutions
  /// compile against.
  var shape: [Int]?
  var target: String
  /// The class names, in output order; nil for a regression target.
  var classes: [String]?
  /// The training data's fitted preparation, applied to new samples (and undone on predictions).
  var preparation: Preparation
  /// The training data's id columns, which predictions on a file are written beside.
  var ids: [String] = []

  /// The model format a file was written in; `currentFormat` for metadata made here.
  var format = Self.currentFormat

  /// The version of this layout: a later nnscript that changes it raises it.
  static let currentFormat = 3
  /// The first format with convolution weights, and the dense layer after `flatten`, in
  /// PyTorch's layout (TorchLayout). A format 1 file of any other network reads the same.
  static let torchLayoutFormat = 2
  /// The first format naming each layer's tensors by its module's index in the equivalent
  /// `nn.Sequential` (TorchSequential), `2.weight`, with batch norm's `num_batches_tracked`;
  /// earlier ones named them by the layer's place in the net literal, `layers.1.weight`.
  static let sequentialFormat = 3

  var entries: [String: String] {
    // Files are always written in the current format: ModelFile lays the tensors out so.
    var entries = [
      "nnscript.format": String(Self.currentFormat), "nnscript.net": network,
      "nnscript.inputs": JSONCoding.text(inputs),
      "nnscript.target": target, "nnscript.preparation": JSONCoding.text(preparation),
    ]
    if !ids.isEmpty { entries["nnscript.ids"] = JSONCoding.text(ids) }
    if let classes { entries["nnscript.classes"] = JSONCoding.text(classes) }
    if let shape { entries["nnscript.input_shape"] = JSONCoding.text(shape) }
    return entries
  }

  init(
    network: String, inputs: [String], shape: [Int]?, target: String, classes: [String]?,
    preparation: Preparation, ids: [String]
  ) {
    self.network = network
    self.inputs = inputs
    self.shape = shape
    self.target = target
    self.classes = classes
    self.preparation = preparation
    self.ids = ids
  }

  /// The metadata of `network` trained on `dataset`, whose new samples get its preparation.
  init(_ network: NetworkValue, trainedOn dataset: Dataset) {
    self.init(
      network: network.description, inputs: dataset.featureNames, shape: Self.shape(dataset.inputShape),
      target: dataset.targetName, classes: dataset.targets.classNames, preparation: dataset.preparation,
      ids: dataset.ids.map(\.name))
  }

  /// The metadata of a trained or loaded model.
  init(_ model: Model) {
    self.init(
      network: model.description.description, inputs: model.featureNames, shape: Self.shape(model.inputShape),
      target: model.targetName, classes: model.classNames, preparation: model.preparation, ids: model.ids)
  }

  /// A sample shape as the file gives it: nil for flat features.
  private static func shape(_ shape: SampleShape) -> [Int]? { shape.isFlat ? nil : shape.dimensions }

  init(entries: [String: String]) throws(FileFailure) {
    guard let format = entries["nnscript.format"], let network = entries["nnscript.net"] else {
      throw FileFailure("its metadata holds no nnscript network: load_net reads the files `save` writes")
    }
    guard let written = Int(format), (1...Self.currentFormat).contains(written) else {
      throw FileFailure(
        "it was written in nnscript's model format \(format), and this nnscript reads formats up to \(Self.currentFormat)"
      )
    }
    self.format = written
    guard let target = entries["nnscript.target"] else { throw FileFailure("its metadata has no nnscript.target") }
    self.network = network
    self.target = target
    let inputs = try Self.decode([String].self, entries, "nnscript.inputs")
    self.inputs = inputs
    classes = entries["nnscript.classes"] == nil ? nil : try Self.decode([String].self, entries, "nnscript.classes")
    // Predictions and scores find a class by its name: two outputs of one name would be one.
    if let classes, Set(classes).count != classes.count {
      throw FileFailure("its metadata's nnscript.classes names a class twice")
    }
    let shape =
      entries["nnscript.input_shape"] == nil ? nil : try Self.decode([Int].self, entries, "nnscript.input_shape")
    if let shape, Self.product(shape) != inputs.count {
      throw FileFailure("its input shape \(shape) does not hold its \(inputs.count) inputs")
    }
    // As reshape: a sample is at most an image, height × width × channels.
    if let shape, shape.count > 3 {
      throw FileFailure("its input shape \(shape) has more than 3 dimensions")
    }
    self.shape = shape
    preparation = try Self.preparation(entries, inputs: inputs)
    ids = entries["nnscript.ids"] == nil ? [] : try Self.decode([String].self, entries, "nnscript.ids")
  }

  /// The fitted preparation; a file written before preparations were fitted whole holds only
  /// its scalers, as a list of steps over columns of numbers.
  private static func preparation(_ entries: [String: String], inputs: [String]) throws(FileFailure) -> Preparation {
    let preparation: Preparation
    if entries["nnscript.preparation"]?.first == "[" {
      let steps = try decode([Step].self, entries, "nnscript.preparation")
      var scalers: [Preparation.Scaler] = []
      var targetScales: [Preparation.TargetScale] = []
      for step in steps {
        switch try step.fitted(width: inputs.count) {
        case .features(let scaler): scalers.append(scaler)
        case .target(let scale): targetScales.append(scale)
        }
      }
      preparation = Preparation(numbers: inputs, scalers: scalers, targetScales: targetScales)
    } else {
      preparation = try decode(Preparation.self, entries, "nnscript.preparation")
    }
    if let problem = preparation.problem(inputs: inputs) { throw FileFailure("its preparation is wrong: \(problem)") }
    return preparation
  }

  /// The number of values a shape holds; nil for a dimension below 1 or a product that overflows.
  private static func product(_ shape: [Int]) -> Int? {
    var product = 1
    for dimension in shape {
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      guard dimension >= 1, !overflow else { return nil }
      product = next
    }
    return product
  }

  private static func decode<T: Decodable>(_ type: T.Type, _ entries: [String: String], _ key: String)
    throws(FileFailure) -> T
  {
    guard let text = entries[key] else { throw FileFailure("its metadata has no \(key)") }
    guard let value = JSONCoding.value(type, from: text) else {
      throw FileFailure("its metadata's \(key) is malformed")
    }
    return value
  }

  /// One preparation step as a file of the earlier format wrote it: its name and statistics.
  private struct Step: Codable {
    var step: String
    var mean: [Double]?
    var std: [Double]?
    var min: [Double]?
    var max: [Double]?
    var shift: Double?
    var scale: Double?

    enum Fitted {
      case features(Preparation.Scaler)
      case target(Preparation.TargetScale)
    }

    /// The step, with one statistic per input for the feature steps.
    func fitted(width: Int) throws(FileFailure) -> Fitted {
      func floats(_ values: [Double]?) throws(FileFailure) -> [Float] {
        guard let values, values.count == width else {
          throw FileFailure("its \(step) step does not have one statistic per input (\(width))")
        }
        return values.map(Float.init)
      }
      switch step {
      case "standardize":
        return .features(Preparation.Scaler(kind: step, shift: try floats(mean), scale: try floats(std)))
      case "minmax":
        let low = try floats(min)
        let range = zip(low, try floats(max)).map { $1 - $0 }
        return .features(Preparation.Scaler(kind: step, shift: low, scale: range))
      case "scale_target":
        guard let shift, let scale else { throw FileFailure("its scale_target step needs a shift and a scale") }
        return .target(Preparation.TargetScale(shift: Float(shift), scale: Float(scale)))
      default: throw FileFailure("its preparation has an unknown step '\(step)'")
      }
    }
  }
}
