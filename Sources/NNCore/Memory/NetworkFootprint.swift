/// The memory a network would take, worked out from its description before it is built: its
/// parameters and their gradients, the optimiser's state, and the per-batch buffers of both
/// passes (outputs, activations kept for the backward pass, gradients and scratch) for a batch.
///
/// Figures are in bytes as `Double`, so that a network far too large to build still has one.
public struct NetworkFootprint: Sendable {
  /// Per layer, in order: the bytes it takes.
  public let layerBytes: [Double]
  /// The whole network's bytes, the batch loader's buffers among them.
  public let bytes: Double
  /// The rows of the batch buffers counted (0 when the network is only built, as for `summary`).
  public let rows: Int

  /// The footprint of `layers` on samples of `inputShape`, for batches of `rows` rows, trained
  /// by `optimizer` (nil when the network is only built, not trained). Throws the shape error
  /// of a layer that cannot take its input.
  public init(
    inputShape: SampleShape, layers: [LayerConfig], rows: Int, optimizer: OptimizerConfig?
  ) throws(ShapeError) {
    let float = Double(MemoryLayout<Float>.size)
    // Built: parameters and gradients. Trained: the optimiser's state and telemetry's copy too.
    let perParameter = 2 + (optimizer.map { Double($0.slots) + 1 } ?? 0)
    var shape = inputShape
    var layerBytes: [Double] = []
    for layer in layers {
      let output = try layer.outputShape(for: shape)
      let parameters = Double(layer.parameterCount(input: shape))
      // Each layer also holds the gradient with respect to its output.
      let perRow = layer.batchFloats(input: shape, output: output) + Double(output.count)
      layerBytes.append(float * (perParameter * parameters + Double(rows) * perRow))
      shape = output
    }
    let loader = Double(rows) * (float * Double(inputShape.count + shape.count) + 4)
    self.layerBytes = layerBytes
    bytes = layerBytes.reduce(loader, +)
    self.rows = rows
  }

  /// The layer (0-based) that takes the most.
  public var widestLayer: Int { layerBytes.indices.max { layerBytes[$0] < layerBytes[$1] } ?? 0 }
}

extension LayerConfig {
  /// The floats per batch row the layer's kernel keeps for `input` and `output`: its output,
  /// the pre-activations an activation's derivative reads, and masks, statistics or patches.
  fileprivate func batchFloats(input: SampleShape, output: SampleShape) -> Double {
    let width = Double(output.count)
    switch self {
    case .dense(_, let activation, _, _):
      return width * (activation.derivativeNeedsInput ? 2 : 1)
    case .convolution(let c):
      let patches = Double(output.positions) * Double(c.kernelArea) * Double(input.channels)
      return width * (c.activation.derivativeNeedsInput ? 2 : 1) + patches
    case .batchNorm, .dropout:
      return 2 * width
    case .pooling(let p):
      // Max pooling remembers where each maximum came from, as an Int.
      return p.kind == .max ? 3 * width : width
    case .activation, .globalAveragePooling, .flatten:
      return width
    case .recurrent(let r):
      // Per direction and step: the input projections, the state, the cell's cache and a gru's
      // hidden-side gradients; the input position-major and its gradient; and a step's scratch
      // for the recurrent product and the state gradients.
      let (steps, units, gates) = (Double(input.positions), Double(r.units), Double(r.gates))
      let cache = Double(RecurrentCell.cacheWidth(r.cell, units: r.units))
      let perDirection = steps * (gates * units * (r.cell == .gru ? 2 : 1) + units + cache)
      let sequence = 2 * steps * Double(input.channels)
      // Dropout keeps its output and mask after the layer's own output.
      let dropout = r.dropout > 0 ? 2 * width : 0
      return width + Double(r.directions) * perDirection + sequence + gates * units + 3 * units + dropout
    case .embedding:
      return width
    }
  }
}
