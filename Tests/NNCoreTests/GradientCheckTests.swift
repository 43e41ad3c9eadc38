import Testing

@testable import NNCore

/// Back-propagated gradients against central finite differences, for every dense-network
/// layer kind, activation and loss (ConvolutionTests covers the layers of images and sequences).
struct GradientCheckTests {
  static let activations: [Activation] = [
    .relu, .leakyReLU(alpha: 0.1), .elu, .selu, .gelu, .sigmoid, .tanh, .softmax, .softplus, .swish, .linear,
  ]

  @Test(arguments: activations)
  func denseActivation(_ activation: Activation) throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: activation), .dense(units: 3, activation: .softmax)], loss: .crossEntropy)
  }

  @Test(arguments: activations)
  func activationLayer(_ activation: Activation) throws {
    try GradientCheck.check(
      [.dense(units: 5), .activation(activation), .dense(units: 3, activation: .softmax)], loss: .crossEntropy)
  }

  @Test func batchNorm() throws {
    try GradientCheck.check(
      [.dense(units: 5, bias: false), .batchNorm(), .activation(.tanh), .dense(units: 3, activation: .softmax)],
      loss: .crossEntropy)
  }

  @Test func dropout() throws {
    // The check replays the same random state, so every evaluation uses the same mask.
    try GradientCheck.check(
      [.dense(units: 6, activation: .tanh), .dropout(rate: 0.4), .dense(units: 3, activation: .softmax)],
      loss: .crossEntropy)
  }

  @Test func crossEntropyOnLinearOutput() throws {
    try GradientCheck.check([.dense(units: 5, activation: .tanh), .dense(units: 3)], loss: .crossEntropy)
  }

  @Test func weightedCrossEntropy() throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax)], loss: .crossEntropy,
      classWeights: [1, 3, 0.5])
  }

  @Test func binaryCrossEntropyFusedWithSigmoid() throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: .tanh), .dense(units: 1, activation: .sigmoid)], loss: .binaryCrossEntropy,
      classes: 2)
  }

  @Test func binaryCrossEntropyOnSeveralOutputs() throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .sigmoid)], loss: .binaryCrossEntropy,
      values: { Float($0 % 2) })
  }

  @Test(arguments: [Loss.mse, .mae, .huber(delta: 0.5)])
  func regressionLoss(_ loss: Loss) throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: .tanh), .dense(units: 2)], loss: loss, values: { Float($0 % 5) * 0.4 - 1 })
  }

  @Test func mseThroughSigmoidOutput() throws {
    try GradientCheck.check(
      [.dense(units: 5, activation: .tanh), .dense(units: 2, activation: .sigmoid)], loss: .mse,
      values: { Float($0 % 3) * 0.4 })
  }

  @Test func mseOnClassesThroughSoftmaxOutput() throws {
    try GradientCheck.check([.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax)], loss: .mse)
  }
}
