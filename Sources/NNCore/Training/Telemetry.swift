/// What the doctor reads from a run: every step's loss, and every few steps a closer look at
/// each layer.
public struct Telemetry: Sendable, Hashable {
  /// Samples are taken every this many steps, starting with the first.
  public let interval: Int
  /// The data loss of every step, in order.
  public internal(set) var stepLosses: [Float] = []
  /// The sampled steps, in order.
  public internal(set) var samples: [TelemetrySample] = []
}

/// One sampled step.
public struct TelemetrySample: Sendable, Hashable {
  /// From 1.
  public let epoch: Int
  /// The step within the whole run, from 1.
  public let step: Int
  /// The step's data loss, before its update.
  public let loss: Float
  /// The global L2 norm of all gradients, before clipping.
  public let gradientNorm: Float
  /// The learning rate of the step's epoch.
  public let learningRate: Float
  /// The layers with something to report, in order.
  public let layers: [LayerTelemetry]
}

/// One layer at a sampled step. "Weights" are a dense layer's weight matrix, a convolution's
/// kernels or bn's scale.
public struct LayerTelemetry: Sendable, Hashable {
  /// From 0, as in `Network.layers`.
  public let layer: Int
  /// ‖∂loss/∂W‖ before clipping.
  public let gradientNorm: Float?
  /// ‖W‖ before the update.
  public let weightNorm: Float?
  /// ‖ΔW‖ / ‖W‖ of the update the optimiser applied.
  public let updateRatio: Float?
  /// relu and leaky_relu: the fraction of units that output ≤ 0 for every row of the batch.
  public let inactiveUnits: Float?
  /// relu and leaky_relu: the fraction of all outputs ≤ 0.
  public let inactiveOutputs: Float?
  /// sigmoid and tanh: the fraction of outputs in the flat tails (|z| ≥ 5).
  public let saturatedOutputs: Float?
  /// rnn, lstm and gru: ‖∂loss/∂h‖ over the batch for the forward direction's state after the
  /// first step and after the last step.
  public let firstStepGradient: Float?
  public let lastStepGradient: Float?

  /// ‖∂loss/∂h₁‖ / ‖∂loss/∂h_T‖: how the gradient grows (above 1) or fades (below) on its
  /// way back through time to the first step.
  public var gradientThroughTime: Float? {
    guard let firstStepGradient, let lastStepGradient, lastStepGradient > 0 else { return nil }
    return firstStepGradient / lastStepGradient
  }

  /// ‖∇W‖ / ‖W‖: how far a plain gradient step of rate 1 would move the weights.
  public var gradientToWeight: Float? {
    guard let gradientNorm, let weightNorm, weightNorm > 0 else { return nil }
    return gradientNorm / weightNorm
  }
}
