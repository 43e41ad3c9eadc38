import Foundation
import NNCore

/// A network's parameters as safetensors tensors, named the way PyTorch names an
/// `nn.Sequential`'s: `layers.0.weight` ([units, inputs], as DenseLayer stores W) and
/// `layers.0.bias`; batch norm's `weight`, `bias`, `running_mean` and `running_var`.
enum ModelFile {
  /// The tensors of each layer that has parameters, their names after `prefix`.
  static func tensors(_ layers: [LayerParameters?], prefix: String = "") -> [SafeTensors.Tensor] {
    layers.enumerated().flatMap { index, parameters -> [SafeTensors.Tensor] in
      let name = "\(prefix)layers.\(index)."
      switch parameters {
      case .dense(let weights, let bias):
        let weight = SafeTensors.Tensor(name + "weight", shape: [weights.rows, weights.columns], .f32(weights.values))
        return [weight] + (bias.map { [SafeTensors.Tensor(name + "bias", shape: [$0.count], .f32($0))] } ?? [])
      case .batchNorm(let gamma, let beta, let mean, let variance):
        return [("weight", gamma), ("bias", beta), ("running_mean", mean), ("running_var", variance)].map {
          SafeTensors.Tensor(name + $0, shape: [$1.count], .f32($1))
        }
      case nil:
        return []
      }
    }
  }

  /// Sets every layer of `network` that has parameters from the tensors named for it after
  /// `prefix`, each of the shape the layer needs. Returns the names it used.
  @discardableResult
  static func load(_ file: SafeTensors, prefix: String = "", into network: Network) throws(ModelFileError)
    -> Set<String>
  {
    let byName = Dictionary(file.tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var used: Set<String> = []
    for index in network.layers.indices {
      guard let current = network.parameters(ofLayer: index) else { continue }
      let layer = "layer \(index + 1) (\(network.layers[index]))"
      func tensor(_ suffix: String, _ shape: [Int]) throws(ModelFileError) -> [Float] {
        let name = "\(prefix)layers.\(index).\(suffix)"
        guard let tensor = byName[name] else { throw ModelFileError("it has no tensor '\(name)' for \(layer)") }
        guard tensor.shape == shape else {
          throw ModelFileError("tensor '\(name)' has shape \(tensor.shape), but \(layer) needs \(shape)")
        }
        guard let values = tensor.floats else {
          throw ModelFileError("tensor '\(name)' is \(tensor.values.dtype), but parameters are F32")
        }
        used.insert(name)
        return values
      }
      let parameters: LayerParameters
      switch current {
      case .dense(let weights, let bias):
        let shape = [weights.rows, weights.columns]
        parameters = .dense(
          weights: Matrix(rows: weights.rows, columns: weights.columns, values: try tensor("weight", shape)),
          bias: bias == nil ? nil : try tensor("bias", [weights.rows]))
      case .batchNorm(let gamma, _, _, _):
        let shape = [gamma.count]
        parameters = .batchNorm(
          gamma: try tensor("weight", shape), beta: try tensor("bias", shape),
          runningMean: try tensor("running_mean", shape), runningVariance: try tensor("running_var", shape))
      }
      // The shapes were checked against the layer's own, so they fit.
      try? network.setParameters(parameters, ofLayer: index)
    }
    return used
  }

  /// A model file's bytes: the network's tensors and the metadata that rebuilds it.
  static func encoded(_ network: Network, _ metadata: ModelMetadata) -> Data {
    let layers = network.layers.indices.map { network.parameters(ofLayer: $0) }
    return SafeTensors(tensors: tensors(layers), metadata: metadata.entries).encoded()
  }
}
