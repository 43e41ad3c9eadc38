import Foundation

@testable import NNCore

/// One reference run from Reference/ (computed by PyTorch in float64; see the README in
/// shared/reference): the network, the batches, and what training them must give.
struct ReferenceCase: Decodable {
  struct Layer: Decodable {
    let type: String
    let activation: String?
    let weight: [[Double]]?
    let bias: [Double]?
    let gamma: [Double]?
    let beta: [Double]?
    let running_mean: [Double]?
    let running_var: [Double]?
    let momentum: Double?
    let eps: Double?
  }

  struct Optimizer: Decodable {
    let name: String
    let lr: Double
    let momentum: Double?
    let nesterov: Bool?
    let weight_decay: Double?
    let betas: [Double]?
    let eps: Double?
    let alpha: Double?
  }

  enum Labels: Decodable {
    case classes([Int32])
    case values([[Double]])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let classes = try? container.decode([Int32].self) {
        self = .classes(classes)
      } else {
        self = .values(try container.decode([[Double]].self))
      }
    }
  }

  struct Batch: Decodable {
    let x: [[Double]]
    let y: Labels
  }

  struct Expected: Decodable {
    let losses: [Double]
    let grad_norms_before_clip: [Double]
    let final_layers: [Layer]
    let eval_input: [[Double]]
    let eval_output: [[Double]]
  }

  let name: String
  let layers: [Layer]
  let loss: String
  let optimizer: Optimizer
  let clip_norm: Double?
  let clip_value: Double?
  let class_weights: [Double]?
  let l1: Double
  let batches: [Batch]
  let expected: Expected

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  static func load(_ name: String) throws -> ReferenceCase {
    try JSONDecoder().decode(
      ReferenceCase.self, from: Data(contentsOf: directory.appendingPathComponent(name + ".json")))
  }

  // MARK: Building the same run in NNCore

  static func activation(_ name: String?) -> Activation {
    switch name {
    case "relu": .relu
    case "leaky_relu": .leakyReLU(alpha: 0.01)
    case "elu": .elu
    case "selu": .selu
    case "gelu": .gelu
    case "sigmoid": .sigmoid
    case "tanh": .tanh
    case "softmax": .softmax
    case "softplus": .softplus
    case "swish": .swish
    default: .linear
    }
  }

  var layerConfigs: [LayerConfig] {
    layers.map { layer in
      switch layer.type {
      case "dense":
        .dense(units: layer.weight!.count, activation: Self.activation(layer.activation))
      case "batchnorm":
        .batchNorm(momentum: Float(layer.momentum!), eps: Float(layer.eps!))
      default:
        .activation(Self.activation(layer.activation))
      }
    }
  }

  var inputWidth: Int { batches[0].x[0].count }

  var classCount: Int { layers.last { $0.type == "dense" }!.weight!.count }

  static func parameters(_ layer: Layer) -> LayerParameters {
    func floats(_ values: [Double]?) -> [Float] { values!.map(Float.init) }
    if layer.type == "dense" {
      let rows = layer.weight!
      return .dense(
        weights: Matrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0.map(Float.init) }),
        bias: floats(layer.bias))
    }
    return .batchNorm(
      gamma: floats(layer.gamma), beta: floats(layer.beta), runningMean: floats(layer.running_mean),
      runningVariance: floats(layer.running_var))
  }

  func makeNetwork() throws -> Network {
    let network = try Network(inputWidth: inputWidth, layers: layerConfigs)
    for (index, layer) in layers.enumerated() where layer.type != "activation" {
      try network.setParameters(Self.parameters(layer), ofLayer: index)
    }
    return network
  }

  var config: TrainingConfig {
    let o = optimizer
    let optimizerConfig: OptimizerConfig
    var l2 = Float(o.weight_decay ?? 0)
    // PyTorch's defaults where the file leaves them out.
    let (beta1, beta2, eps) = (Float(o.betas?[0] ?? 0.9), Float(o.betas?[1] ?? 0.999), Float(o.eps ?? 1e-8))
    switch o.name {
    case "sgd":
      optimizerConfig = .sgd(momentum: Float(o.momentum ?? 0), nesterov: o.nesterov ?? false)
    case "adam":
      optimizerConfig = .adam(beta1: beta1, beta2: beta2, eps: eps)
    case "adamw":
      optimizerConfig = .adamw(weightDecay: l2, beta1: beta1, beta2: beta2, eps: eps)
      l2 = 0
    case "rmsprop":
      optimizerConfig = .rmsprop(alpha: Float(o.alpha!), eps: Float(o.eps!), momentum: Float(o.momentum ?? 0))
    default:
      optimizerConfig = .adagrad(eps: Float(o.eps!))
    }
    let lossFunction: Loss =
      switch loss {
      case "cross_entropy": .crossEntropy
      case "binary_cross_entropy": .binaryCrossEntropy
      default: .mse
      }
    return TrainingConfig(
      batchSize: batches.map(\.x.count).max()!, optimizer: optimizerConfig, learningRate: .constant(Float(o.lr)),
      loss: lossFunction, classWeights: class_weights?.map(Float.init), l1: Float(l1), l2: l2,
      clipNorm: clip_norm.map(Float.init), clipValue: clip_value.map(Float.init), shuffle: false)
  }

  static func matrix(_ rows: [[Double]]) -> Matrix {
    Matrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0.map(Float.init) })
  }

  func trainingSet(_ batch: Batch) -> TrainingSet {
    switch batch.y {
    case .classes(let labels): TrainingSet(features: Self.matrix(batch.x), classes: labels, classCount: classCount)
    case .values(let values): TrainingSet(features: Self.matrix(batch.x), values: Self.matrix(values))
    }
  }
}
