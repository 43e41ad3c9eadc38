import Foundation

/// Takes the per-layer measurements of a sampled step: norms before the update, the update
/// itself after it, and the activation statistics of the batch's forward pass.
final class TelemetryRecorder {
  private let network: Network
  /// The parameters before the update, to measure the update by.
  private let previous: FloatBuffer
  /// Per unit (per channel, for a sequence or an image): at how many of the batch's rows and
  /// positions it was active.
  private let activeRows: FloatBuffer
  /// The norms measured before the update: (layer, gradient norm, weight norm).
  private var before: [(layer: Int, gradient: Float, weight: Float)] = []

  init(network: Network) {
    self.network = network
    previous = FloatBuffer(count: network.parameterCount)
    activeRows = FloatBuffer(count: network.outputShapes.map(\.channels).max()!)
  }

  /// Call after the backward pass (and the L1 term), before clipping and the update.
  func measureBeforeUpdate() {
    before.removeAll(keepingCapacity: true)
    let (p, g) = (network.parameters.pointer, network.gradients.pointer)
    for (index, kernel) in network.kernels.enumerated() where !kernel.weightRange.isEmpty {
      let range = kernel.weightRange
      before.append(
        (
          index, VectorMath.sumOfSquares(g + range.lowerBound, count: range.count).squareRoot(),
          VectorMath.sumOfSquares(p + range.lowerBound, count: range.count).squareRoot()
        ))
    }
    previous.pointer.update(from: p, count: previous.count)
  }

  /// Call after the update: the sample's per-layer records, the activations read from the
  /// batch's `rows` rows in the network, or from the parts of a data-parallel step.
  func layersAfterUpdate(rows: Int, fusedOutput: Bool) -> [LayerTelemetry] {
    layersAfterUpdate(parts: [(network, rows)], fusedOutput: fusedOutput)
  }

  /// `layersAfterUpdate(rows:fusedOutput:)` for a batch whose rows went through several networks
  /// of the same layers (the network and its replica), each holding the outputs of `rows` rows.
  func layersAfterUpdate(parts: [(network: Network, rows: Int)], fusedOutput: Bool) -> [LayerTelemetry] {
    var records: [LayerTelemetry] = []
    var norms = before.makeIterator()
    var nextNorms = norms.next()
    let last = network.kernels.count - 1
    for (index, kernel) in network.kernels.enumerated() {
      var gradientNorm: Float?
      var weightNorm: Float?
      var updateRatio: Float?
      if let measured = nextNorms, measured.layer == index {
        let range = kernel.weightRange
        let change = VectorMath.squaredDistance(
          network.parameters.pointer + range.lowerBound, previous.pointer + range.lowerBound, count: range.count
        ).squareRoot()
        gradientNorm = measured.gradient
        weightNorm = measured.weight
        updateRatio = measured.weight > 0 ? change / measured.weight : nil
        nextNorms = norms.next()
      }
      let activity = activationStatistics(index, parts: parts, logits: fusedOutput && index == last)
      let throughTime = network.recurrentLayer(index)?.stateGradientNorms
      guard gradientNorm != nil || activity != nil || throughTime != nil else { continue }
      records.append(
        LayerTelemetry(
          layer: index, gradientNorm: gradientNorm, weightNorm: weightNorm, updateRatio: updateRatio,
          inactiveUnits: activity?.inactiveUnits, inactiveOutputs: activity?.inactiveOutputs,
          saturatedOutputs: activity?.saturated, firstStepGradient: throughTime?.first,
          lastStepGradient: throughTime?.last))
    }
    return records
  }

  /// Dying and saturation measures of layer `index`'s latest output; `logits` when the output
  /// layer left its activation to the loss, so the buffer holds z itself. The units of a
  /// sequence or an image are its channels: a dead one is ≤ 0 at every position of every row.
  private func activationStatistics(_ index: Int, parts: [(network: Network, rows: Int)], logits: Bool) -> (
    inactiveUnits: Float?, inactiveOutputs: Float?, saturated: Float?
  )? {
    let activation: Activation
    switch network.layers[index] {
    case .dense(_, let a, _, _), .activation(let a): activation = a
    case .convolution(let c): activation = c.activation
    // A recurrent layer's gates are inside it; its states are not an activation's outputs.
    case .batchNorm, .dropout, .pooling, .globalAveragePooling, .flatten, .recurrent, .embedding: return nil
    }
    let shape = network.outputShapes[index]
    let width = shape.channels
    let n = parts.reduce(0) { $0 + $1.rows } * network.kernels[index].outputWidth
    let outputs = parts.map {
      (y: UnsafePointer($0.network.kernels[index].output), count: $0.rows * width * shape.positions)
    }
    switch activation {
    case .relu, .leakyReLU:
      let active = activeRows.pointer
      active.update(repeating: 0, count: width)
      for (y, count) in outputs {
        for r in 0..<count / width {
          let row = y + r * width
          for j in 0..<width { active[j] += row[j] > 0 ? 1 : 0 }
        }
      }
      var dead = 0
      var activeTotal: Float = 0
      for j in 0..<width {
        if active[j] == 0 { dead += 1 }
        activeTotal += active[j]
      }
      return (Float(dead) / Float(width), 1 - activeTotal / Float(n), nil)
    case .sigmoid, .tanh:
      // |z| ≥ 5 read from the output: σ(5) and tanh(5) bound the flat tails.
      var count = 0
      for (y, values) in outputs {
        if logits {
          for i in 0..<values where abs(y[i]) >= 5 { count += 1 }
        } else if activation == .sigmoid {
          let high: Float = 1 / (1 + exp(-5))
          for i in 0..<values where y[i] >= high || y[i] <= 1 - high { count += 1 }
        } else {
          let high = Float(Foundation.tanh(5.0))
          for i in 0..<values where abs(y[i]) >= high { count += 1 }
        }
      }
      return (nil, nil, Float(count) / Float(n))
    default:
      return nil
    }
  }
}
