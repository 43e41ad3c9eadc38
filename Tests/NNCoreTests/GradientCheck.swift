import Testing

@testable import NNCore

/// Back-propagated gradients against central finite differences. The networks are tiny and the
/// loss is summed in Double, so Float32 rounding stays well below the tolerance; a wrong
/// derivative is off by far more.
enum GradientCheck {
  /// Compares every parameter's gradient (and with `inputs`, every input value's) with
  /// (L(p + h) − L(p − h)) / 2h on a batch of `rows` random rows of `inputShape`. Targets are
  /// classes (`classes` of them) unless `values` gives target i; the input values are random
  /// unless `features` gives value i (an embedding's tokens).
  static func check(
    _ layers: [LayerConfig], inputShape: SampleShape = .flat(4), rows: Int = 6, loss: Loss, classes: Int = 3,
    classWeights: [Float]? = nil, values: ((Int) -> Float)? = nil, features given: ((Int) -> Float)? = nil,
    inputs: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let network = try Network(inputShape: inputShape, layers: layers, seed: 3)
    let width = network.inputWidth
    var random = SeededGenerator(seed: 11)
    let features = Matrix(
      rows: rows, columns: width, values: (0..<rows * width).map { given?($0) ?? Float(random.gaussian()) })
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
    let x = trainer.loader.input.pointer
    let mode = ForwardMode(training: true, skipActivation: trainer.fusedOutput)

    /// The batch's loss and, with `inputGradient`, the gradients of a backward pass.
    func objective(inputGradient: UnsafeMutablePointer<Float>? = nil) -> Double {
      trainer.random = start
      let output = network.forward(x, rows: rows, mode: mode, random: &trainer.random)
      let targets = trainer.loader.targets(
        classWeights: trainer.classWeights.map { UnsafePointer($0.pointer) }, hasClasses: values == nil)
      let total = LossKernel.evaluate(
        loss, output: output, rows: rows, columns: network.outputWidth, targets: targets,
        gradient: inputGradient == nil ? nil : network.outputGradient, scale: 1 / Float(rows))
      if let inputGradient { network.backward(x, rows: rows, inputGradient: inputGradient) }
      return total / Double(rows)
    }

    compare("parameter", network.parameters.pointer, network.gradients.array, objective, sourceLocation)
    if inputs {
      let gradient = FloatBuffer(count: rows * width)
      _ = objective(inputGradient: gradient.pointer)
      compare("input", x, gradient.array, objective, sourceLocation)
    }
  }

  /// Expects `analytic[i]` to match the finite difference of `objective` in `values[i]`.
  private static func compare(
    _ role: String, _ values: UnsafeMutablePointer<Float>, _ analytic: [Float],
    _ objective: (UnsafeMutablePointer<Float>?) -> Double, _ sourceLocation: SourceLocation
  ) {
    /// Σ weight·L(values[i] + offset) / h, over (offset, weight) pairs.
    func difference(_ i: Int, _ h: Float, _ stencil: [(offset: Float, weight: Double)]) -> Double {
      let saved = values[i]
      defer { values[i] = saved }
      return stencil.reduce(0) { sum, point in
        values[i] = saved + point.offset * h
        return sum + point.weight * objective(nil)
      } / Double(h)
    }

    func difference(_ i: Int, _ h: Float) -> Double { difference(i, h, [(1, 0.5), (-1, -0.5)]) }

    func relativeError(_ numeric: Double, _ analytic: Float) -> Double {
      abs(numeric - Double(analytic)) / max(abs(numeric), abs(Double(analytic)), 1e-2)
    }

    var worst = (error: 0.0, index: 0, numeric: 0.0, analytic: Float(0))
    for i in analytic.indices {
      var numeric = difference(i, 1e-2)
      // A step across a kink (relu at 0, mae at 0, a max changing hands) says nothing about the
      // derivative; a tenfold smaller step rarely crosses the same one and is still far above
      // rounding.
      if relativeError(numeric, analytic[i]) > 1e-2 { numeric = difference(i, 1e-3) }
      // A kink closer still (a recurrent relu's preactivation within 1e-4 of 0, which moves at
      // every step) lies on one side only, and the slope is the other side's: taken to second
      // order, (−3L(p) + 4L(p ± h) − L(p ± 2h)) / ±2h, as a first-order one is off by h·L″/2.
      if relativeError(numeric, analytic[i]) > 1e-2 {
        numeric = [Float(1), -1].map { side in
          let s = Double(side)
          return difference(i, 1e-3, [(0, -1.5 * s), (side, 2 * s), (2 * side, -0.5 * s)])
        }.min { relativeError($0, analytic[i]) < relativeError($1, analytic[i]) }!
      }
      let error = relativeError(numeric, analytic[i])
      if error > worst.error { worst = (error, i, numeric, analytic[i]) }
    }
    #expect(
      worst.error < 1e-2,
      "\(role) \(worst.index): finite difference \(worst.numeric), back-propagation \(worst.analytic)",
      sourceLocation: sourceLocation)
  }
}
