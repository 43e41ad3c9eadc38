import Foundation
import NNCore

/// A network's parameters as safetensors tensors, named and laid out as the equivalent PyTorch
/// `nn.Sequential` (TorchSequential, written out in `nnscript.torch_source`) has them, so that its
/// `load_state_dict` takes the file with `strict=True`: `N.weight` and `N.bias` for the module
/// at index N, batch norm's `weight`, `bias`, `running_mean`, `running_var` and
/// `num_batches_tracked`. A dense weight is [units, inputs], a conv2d weight [out, in, kh, kw],
/// a conv1d weight [out, in, k], an embedding's weight [vocabulary, dimension] as
/// nn.Embedding's, and a dense layer after `flatten` (with any batch norm between them) reads
/// its inputs in PyTorch's channels-first flatten order (c, h, w). TorchLayout does the
/// reordering, for model files and checkpoints alike.
enum ModelFile {
  /// The metadata key of the `nn.Sequential` the tensors load into, as one expression of
  /// torch.nn: format 3 wrote it for every network; now only for one without adapters.
  static let torchKey = "nnscript.torch"
  /// The metadata key of the Python that defines the model, its adapters and `inputs`
  /// (TorchSequential.source), for every network.
  static let torchSourceKey = "nnscript.torch_source"

  /// The tensors of each layer that has parameters, their names after `prefix`; `network` is
  /// the one the parameters are of.
  static func tensors(_ layers: [LayerParameters?], of network: Network, prefix: String = "")
    -> [SafeTensors.Tensor]
  {
    let layout = TorchLayout(network)
    let names = TorchSequential(network).parameterIndex
    return layers.enumerated().flatMap { index, parameters -> [SafeTensors.Tensor] in
      guard let module = names[index] else { return [] }
      let name = "\(prefix)\(module)."
      switch parameters {
      case .dense(let weights, let bias):
        let weight = SafeTensors.Tensor(
          name + "weight", shape: layout.weightShape(ofLayer: index, rows: weights.rows, columns: weights.columns),
          .f32(layout.torch(weights.values, ofLayer: index)))
        return [weight] + (bias.map { [SafeTensors.Tensor(name + "bias", shape: [$0.count], .f32($0))] } ?? [])
      case .batchNorm(let gamma, let beta, let mean, let variance):
        return [("weight", gamma), ("bias", beta), ("running_mean", mean), ("running_var", variance)].map {
          SafeTensors.Tensor(name + $0, shape: [$1.count], .f32(layout.torch($1, ofLayer: index)))
        } + [SafeTensors.Tensor(name + "num_batches_tracked", shape: [], .i64([0]))]
      case .recurrent(let directions):
        // As nn.RNN, nn.LSTM and nn.GRU name a single layer's tensors.
        var tensors: [SafeTensors.Tensor] = []
        for (weights, suffix) in zip(directions, ["", "_reverse"]) {
          let (ih, hh) = (weights.weightIH, weights.weightHH)
          tensors.append(
            SafeTensors.Tensor(name + "weight_ih_l0" + suffix, shape: [ih.rows, ih.columns], .f32(ih.values)))
          tensors.append(
            SafeTensors.Tensor(name + "weight_hh_l0" + suffix, shape: [hh.rows, hh.columns], .f32(hh.values)))
          tensors.append(SafeTensors.Tensor(name + "bias_ih_l0" + suffix, shape: [ih.rows], .f32(weights.biasIH)))
          tensors.append(SafeTensors.Tensor(name + "bias_hh_l0" + suffix, shape: [hh.rows], .f32(weights.biasHH)))
        }
        return tensors
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
    let modules = TorchSequential(network).parameterIndex
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
      // Earlier formats named a layer's tensors by its place in the net literal.
      var module = "layers.\(index)"
      if format >= ModelMetadata.sequentialFormat, let held = modules[index] { module = "\(held)" }
      func named(_ suffix: String, _ shape: [Int]) throws(FileFailure) -> SafeTensors.Tensor {
        let name = "\(prefix)\(module).\(suffix)"
        guard let tensor = byName[name] else { throw FileFailure("it has no tensor '\(name)' for \(layer)") }
        guard tensor.shape == shape else {
          throw FileFailure("tensor '\(name)' has shape \(tensor.shape), but \(layer) needs \(shape)")
        }
        used.insert(name)
        return tensor
      }
      func tensor(_ suffix: String, _ shape: [Int]) throws(FileFailure) -> [Float] {
        let tensor = try named(suffix, shape)
        let name = tensor.name
        guard let values = tensor.floats else {
          throw FileFailure("tensor '\(name)' is \(tensor.values.dtype), but parameters are F32")
        }
        // A diverged run's weights would only predict NaN: refused here rather than at predict.
        guard values.allSatisfy(\.isFinite) else {
          throw FileFailure("tensor '\(name)' holds NaN or infinite values")
        }
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
        // PyTorch counts batches for a cumulative average (momentum None), which nnscript's
        // running statistics never are: the count is read past, whatever PyTorch made it.
        if format >= ModelMetadata.sequentialFormat {
          guard try named("num_batches_tracked", []).integers != nil else {
            throw FileFailure("tensor '\(prefix)\(module).num_batches_tracked' is not I64")
          }
        }
      case .recurrent(let directions):
        parameters = .recurrent(
          try zip(directions, ["", "_reverse"]).map { (weights, suffix) throws(FileFailure) in
            let (ih, hh) = (weights.weightIH, weights.weightHH)
            return RecurrentWeights(
              weightIH: Matrix(
                rows: ih.rows, columns: ih.columns, values: try tensor("weight_ih_l0" + suffix, [ih.rows, ih.columns])),
              weightHH: Matrix(
                rows: hh.rows, columns: hh.columns, values: try tensor("weight_hh_l0" + suffix, [hh.rows, hh.columns])),
              biasIH: try tensor("bias_ih_l0" + suffix, [ih.rows]), biasHH: try tensor("bias_hh_l0" + suffix, [hh.rows])
            )
          })
      }
      // The shapes were checked against the layer's own, so they fit.
      try? network.setParameters(parameters, ofLayer: index)
    }
    return used
  }

  /// A model file's bytes: the network's tensors and the metadata that rebuilds it.
  static func encoded(_ network: Network, _ metadata: ModelMetadata) -> Data {
    let layers = network.layers.indices.map { network.parameters(ofLayer: $0) }
    return SafeTensors(tensors: tensors(layers, of: network), metadata: entries(metadata, of: network)).encoded()
  }

  /// The metadata of a file holding `network`'s tensors, with the PyTorch model they load into.
  static func entries(_ metadata: ModelMetadata, of network: Network) -> [String: String] {
    let sequential = TorchSequential(network)
    var entries = metadata.entries
    entries[torchSourceKey] = sequential.source
    entries[torchKey] = sequential.expression
    return entries
  }
}
