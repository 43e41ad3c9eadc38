import Testing

@testable import NNCore

/// Back-propagated gradients against central finite differences, for every layer kind,
/// activation and loss. The networks are tiny and the loss is summed in Double, so Float32
/// rounding stays well below the tolerance; a wrong derivative is off by far more.
struct GradientCheckTests {
  static let activations: [Activation] = [
    .relu, .leakyReLU(alpha: 0.1), .elu, .selu, .gelu, .sigmoid, .tanh, .softmax, .softplus, .swish, .linear,
  ]

  @Test(arguments: activations)
  func denseActivation(_ activation: Activation) throws {
    try check([.dense(units: 5, activation: activation), .dense(units: 3, activation: .softmax)], loss: .crossEntropy)
  }

  @Test(arguments: activations)
  func activationLayer(_ activation: Activation) throws {
    try check([.dense(units: 5), .activation(activation), .dense(units: 3, activation: .softmax)], loss: .crossEntropy)
  }

  @Test func batchNorm() throws {
    try check(
      [.dense(units: 5, bias: false), .batchNorm(), .activation(.tanh), .dense(units: 3, activation: .softmax)],
      loss: .crossEntropy)
  }

  @Test func dropout() throws {
    // The check replays the same random state, so every evaluation uses the same mask.
    try check(
      [.dense(units: 6, activation: .tanh), .dropout(rate: 0.4), .dense(units: 3, activation: .softmax)],
      loss: .crossEntropy)
  }

  @Test func crossEntropyOnLinearOutput() throws {
    try check([.dense(units: 5, activation: .tanh), .dense(units: 3)], loss: .crossEntropy)
  }

  @Test func weightedCrossEntropy() throws {
    try check(
      [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax)], loss: .crossEntropy,
      classWeights: [1, 3, 0.5])
  }

  @Test func binaryCrossEntropyFusedWithSigmoid() throws {
    try check(
      [.dense(units: 5, activation: .tanh), .dense(units: 1, activation: .sigmoid)], loss: .binaryCrossEntropy,
      classes: 2)
  }

  @Test func binaryCrossEntropyOnSeveralOutputs() throws {
    try check(
      [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .sigmoid)], loss: .binaryCrossEntropy,
      values: { Float($0 % 2) })
  }

  @Test(arguments: [Loss.mse, .mae, .huber(delta: 0.5)])
  func regressionLoss(_ loss: Loss) throws {
    try check([.dense(units: 5, activation: .tanh), .dense(units: 2)], loss: loss, values: { Float($0 % 5) * 0.4 - 1 })
  }

  @Test func mseThroughSigmoidOutput() throws {
    try check(
      [.dense(units: 5, activation: .tanh), .dense(units: 2, activation: .sigmoid)], loss: .mse,
      values: { Float($0 % 3) * 0.4 })
  }

  @Test func mseOnClassesThroughSoftmaxOutput() throws {
    try check([.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax)], loss: .mse)
  }

  // MARK: The check

  /// Compares every parameter's gradient with (L(p + h) − L(p − h)) / 2h on a batch of 6 rows
  /// of 4 features. Targets are classes (`classes` of them) unless `values` gives target i.
  private func check(
    _ layers: [LayerConfig], loss: Loss, classes: Int = 3, classWeights: [Float]? = nil,
    values: ((Int) -> Float)? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let rows = 6
    let network = try Network(inputWidth: 4, layers: layers, seed: 3)
    var random = SeededGenerator(seed: 11)
    let features = Matrix(rows: rows, columns: 4, values: (0..<rows * 4).map { _ in Float(random.gaussian()) })
    let data =
      if let values {
        TrainingSet(
          features: features,
          values: Matrix(
            rows: rows, columns: network.outputWidth, values: (0..<rows * network.outputWidth).map(values)))
      } else {
        TrainingSet(features: features, classes: (0..<rows).map { Int32($0 % classes) }, classCount: classes)
      }
    let config = TrainingConfig(
      batchSize: rows, optimizer: .sgd(), learningRate: .constant(1), loss: loss, classWeights: classWeights)
    let trainer = try Trainer(network: network, config: config)
    let start = trainer.random
    // A zero learning rate leaves the parameters as they are and the gradients in place.
    _ = try #require(try trainer.step(on: data, learningRate: 0))
    let analytic = network.gradients.array

    func objective() -> Double {
      trainer.random = start
      let output = network.forward(
        trainer.loader.input.pointer, rows: rows,
        mode: ForwardMode(training: true, skipActivation: trainer.fusedOutput), random: &trainer.random)
      let targets = trainer.loader.targets(
        classWeights: trainer.classWeights.map { UnsafePointer($0.pointer) }, hasClasses: values == nil)
      return LossKernel.evaluate(
        loss, output: output, rows: rows, columns: network.outputWidth, targets: targets, gradient: nil, scale: 1)
        / Double(rows)
    }

    /// (L(p + h) − L(p − h)) / 2h for parameter i.
    let p = network.parameters.pointer
    func difference(_ i: Int, _ h: Float) -> Double {
      let saved = p[i]
      p[i] = saved + h
      let up = objective()
      p[i] = saved - h
      let down = objective()
      p[i] = saved
      return (up - down) / Double(2 * h)
    }

    func relativeError(_ numeric: Double, _ analytic: Float) -> Double {
      abs(numeric - Double(analytic)) / max(abs(numeric), abs(Double(analytic)), 1e-2)
    }

    var worst = (error: 0.0, index: 0, numeric: 0.0, analytic: Float(0))
    for i in 0..<network.parameterCount {
      var numeric = difference(i, 1e-2)
      // A step across a kink (relu at 0, mae at 0) says nothing about the derivative; a
      // tenfold smaller step rarely crosses the same one and is still far above rounding.
      if relativeError(numeric, analytic[i]) > 1e-2 { numeric = difference(i, 1e-3) }
      let error = relativeError(numeric, analytic[i])
      if error > worst.error { worst = (error, i, numeric, analytic[i]) }
    }
    #expect(
      worst.error < 1e-2,
      "parameter \(worst.index): finite difference \(worst.numeric), back-propagation \(worst.analytic)",
      sourceLocation: sourceLocation)
  }
}
