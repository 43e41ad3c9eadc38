import Foundation
import NNCore

/// A network's parameters as safetensors tensors, named and laid out as PyTorch's equivalent
/// `nn.Sequential` has them, so that its `load_state_dict` takes the file: `layers.N.weight`
/// and `layers.N.bias` for layer N of the net literal, batch norm's `weight`, `bias`,
/// `running_mean` and `running_var`. A dense weight is [units, inputs], a conv2d weight
/// [out, in, kh, kw], a conv1d weight [out, in, k], and a dense layer after `flatten` (with any
/// batch norm between them) reads its inputs in PyTorch's channels-first flatten order
/// (c, h, w). TorchLayout does the reordering, for model files and checkpoints alike.
enum ModelFile {
  /// The tensors of each layer that has parameters, their names after `prefix`; `layout` is
  /// that of the network the parameters are of.
  static func tensors(_ layers: [LayerParameters?], layout: TorchLayout, prefix: String = "")
    -> [SafeTensors.Tensor]
  {
    layers.enumerated().flatMap { index, parameters -> [SafeTensors.Tensor] in
      let name = "\(prefix)layers.\(index)."
      switch parameters {
      case .dense(let weights, let bias):
        let weight = SafeTensors.Tensor(
          name + "weight", shape: layout.weightShape(ofLayer: index, rows: weights.rows, columns: weights.columns),
          .f32(layout.torch(weights.values, ofLayer: index)))
        return [weight] + (bias.map { [SafeTensors.Tensor(name + "bias", shape: [$0.count], .f32($0))] } ?? [])
      case .batchNorm(let gamma, let beta, let mean, let variance):
        return [("weight", gamma), ("bias", beta), ("running_mean", mean), ("running_var", variance)].map {
          SafeTensors.Tensor(name + $0, shape: [$1.count], .f32(layout.torch($1, ofLayer: index)))
        }
      case nil:
        return []
      }
    }
  }

  /// Sets every layer of `network` that has parameters from the tensors named for it after
  /// `prefix`, each of the shape the layer needs. `format` is the model format the file was
  /// written in. Returns the names it used.
  @discardableResult
  static func load(_ file: SafeTensors, format: Int, prefix: String = "", into network: Network)
    throws(FileFailure) -> Set<String>
  {
    let layout = TorchLayout(network)
    if format < ModelMetadata.torchLayoutFormat, !layout.isNative {
      throw FileFailure(
        "it was written in nnscript's model format \(format), before convolution weights were in PyTorch's layout, "
          + "and this nnscript reads \(ModelMetadata.currentFormat)")
    }
    let byName = Dictionary(file.tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var used: Set<String> = []
    for index in network.layers.indices {
      guard let current = network.parameters(ofLayer: index) else { continue }
      let layer = "layer \(index + 1) (\(network.layers[index]))"
      func tensor(_ suffix: String, _ shape: [Int]) throws(FileFailure) -> [Float] {
        let name = "\(prefix)layers.\(index).\(suffix)"
        guard let tensor = byName[name] else { throw FileFailure("it has no tensor '\(name)' for \(layer)") }
        guard tensor.shape == shape else {
          throw FileFailure("tensor '\(name)' has shape \(tensor.shape), but \(layer) needs \(shape)")
        }
        guard let values = tensor.floats else {
          throw FileFailure("tensor '\(name)' is \(tensor.values.dtype), but parameters are F32")
        }
        // A diverged run's weights would only predict NaN: refused here rather than at predict.
        guard values.allSatisfy(\.isFinite) else {
          throw FileFailure("tensor '\(name)' holds NaN or infinite values")
        }
        used.insert(name)
        return values
      }
      /// A tensor of per-input values, in the network's order.
      func reordered(_ suffix: String, _ shape: [Int]) throws(FileFailure) -> [Float] {
        layout.native(try tensor(suffix, shape), ofLayer: index)
      }
      let parameters: LayerParameters
      switch current {
      case .dense(let weights, let bias):
        let shape = layout.weightShape(ofLayer: index, rows: weights.rows, columns: weights.columns)
        parameters = .dense(
          weights: Matrix(rows: weights.rows, columns: weights.columns, values: try reordered("weight", shape)),
          bias: bias == nil ? nil : try tensor("bias", [weights.rows]))
      case .batchNorm(let gamma, _, _, _):
        let shape = [gamma.count]
        parameters = .batchNorm(
          gamma: try reordered("weight", shape), beta: try reordered("bias", shape),
          runningMean: try reordered("running_mean", shape), runningVariance: try reordered("running_var", shape))
      }
      // The shapes were checked against the layer's own, so they fit.
      try? network.setParameters(parameters, ofLayer: index)
    }
    return used
  }

  /// A model file's bytes: the network's tensors and the metadata that rebuilds it.
  static func encoded(_ network: Network, _ metadata: ModelMetadata) -> Data {
    let layers = network.layers.indices.map { network.parameters(ofLayer: $0) }
    return SafeTensors(tensors: tensors(layers, layout: TorchLayout(network)), metadata: metadata.entries).encoded()
  }
}
