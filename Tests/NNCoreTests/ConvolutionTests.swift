import Foundation
import Testing

@testable import NNCore

/// Convolutions, pooling, global average pooling, flatten and batch normalisation per channel:
/// gradients by finite differences (parameters and inputs), one conv2d against PyTorch, the
/// shapes a network infers and refuses, determinism, and dead channels in the telemetry.
struct ConvolutionTests {
  static let poolings: [Pooling.Kind] = [.max, .average]

  // MARK: Gradients

  @Test func conv2dValid() throws {
    try GradientCheck.check(
      [.conv2d(filters: 3, kernel: 3, activation: .tanh), .flatten, .dense(units: 3, activation: .softmax)],
      inputShape: SampleShape([5, 5, 2]), loss: .crossEntropy, inputs: true)
  }

  @Test func conv2dSameWithStride() throws {
    // 6 at stride 2 pads one zero after each spatial dimension.
    try GradientCheck.check(
      [
        .conv2d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .relu), .flatten,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([6, 6, 2]), loss: .crossEntropy, inputs: true)
  }

  @Test func conv2dEvenKernelSame() throws {
    // A 2-wide kernel keeps the size with one zero after, none before.
    try GradientCheck.check(
      [
        .conv2d(filters: 2, kernel: 2, padding: .same, activation: .elu), .flatten,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([5, 5, 1]), loss: .crossEntropy, inputs: true)
  }

  @Test func conv1dStack() throws {
    // gelu keeps its preactivations; the second convolution hands its input gradient back.
    try GradientCheck.check(
      [
        .conv1d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .gelu),
        .conv1d(filters: 3, kernel: 2, activation: .tanh), .flatten, .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([9, 3]), loss: .crossEntropy, inputs: true)
  }

  @Test(arguments: poolings)
  func pooling2d(_ kind: Pooling.Kind) throws {
    // 5 pooled by 2 leaves the last row and column out, with no gradient.
    try GradientCheck.check(
      [.pooling(Pooling(kind, size: 2)), .flatten, .dense(units: 3, activation: .softmax)],
      inputShape: SampleShape([5, 5, 2]), loss: .crossEntropy, inputs: true)
    try GradientCheck.check(
      [
        .conv2d(filters: 3, kernel: 2, activation: .tanh), .pooling(Pooling(kind, size: 2)), .flatten,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([6, 6, 2]), loss: .crossEntropy)
  }

  @Test(arguments: poolings)
  func pooling1d(_ kind: Pooling.Kind) throws {
    try GradientCheck.check(
      [
        .conv1d(filters: 3, kernel: 2, activation: .tanh), .pooling(Pooling(kind, size: 3)), .flatten,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([9, 2]), loss: .crossEntropy, inputs: true)
  }

  @Test func globalAveragePooling() throws {
    try GradientCheck.check(
      [
        .conv2d(filters: 3, kernel: 3, padding: .same, activation: .tanh), .globalAveragePooling,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([4, 4, 2]), loss: .crossEntropy, inputs: true)
  }

  @Test func batchNormPerChannel() throws {
    try GradientCheck.check(
      [
        .conv2d(filters: 3, kernel: 3), .batchNorm(), .activation(.tanh), .globalAveragePooling,
        .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([5, 5, 2]), loss: .crossEntropy, inputs: true)
    try GradientCheck.check(
      [.batchNorm(), .flatten, .dense(units: 3, activation: .softmax)], inputShape: SampleShape([6, 3]),
      loss: .crossEntropy, inputs: true)
  }

  // MARK: Against PyTorch

  /// One conv2d forward and backward: 2 rows of 4×4×2, 2 filters of 3×3 at stride 2 with same
  /// padding (one zero after), against torch.nn.functional.conv2d on the input padded (0, 1, 0, 1).
  @Test func conv2dMatchesPyTorch() throws {
    let network = try Network(
      inputShape: SampleShape([4, 4, 2]), layers: [.conv2d(filters: 2, kernel: 3, stride: 2, padding: .same)])
    let weights = (0..<36).map { Float(0.5 * cos(0.23 * Double($0))) }
    try network.setParameters(
      .dense(weights: Matrix(rows: 2, columns: 18, values: weights), bias: [0.1, 0.2]), ofLayer: 0)
    let x = (0..<64).map { Float(sin(0.37 * Double($0) + 0.1)) }
    let dx = FloatBuffer(count: 64)
    network.reserve(rows: 2)
    var random = SeededGenerator(seed: 0)
    let output = x.withUnsafeBufferPointer { x in
      let y = network.forward(x.baseAddress!, rows: 2, mode: ForwardMode(training: false), random: &random)
      let output = Array(UnsafeBufferPointer(start: y, count: 16))
      // The gradient of Σ y·r.
      for i in 0..<16 { network.outputGradient[i] = Float(sin(0.11 * Double(i) + 0.3)) }
      network.backward(x.baseAddress!, rows: 2, inputGradient: dx.pointer)
      return output
    }
    let gradients = network.gradients.array
    expectClose(output, PyTorchConv2d.output, "output")
    expectClose(Array(gradients[0..<36]), PyTorchConv2d.weightGradient, "weight gradient")
    expectClose(Array(gradients[36...]), PyTorchConv2d.biasGradient, "bias gradient")
    expectClose(dx.array, PyTorchConv2d.inputGradient, "input gradient")
  }

  private func expectClose(
    _ actual: [Float], _ expected: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let error = zip(actual, expected).map { abs($0 - $1) / max(abs($1), 1e-2) }.max() ?? 0
    #expect(actual.count == expected.count && error < 1e-4, "\(what) off by \(error)", sourceLocation: sourceLocation)
  }

  // MARK: Shapes

  @Test func shapesAndParameterCounts() throws {
    let image = try Network(
      inputShape: SampleShape([8, 8, 1]),
      layers: [
        .conv2d(filters: 16, kernel: 3, padding: .same, activation: .relu), .batchNorm(), .maxPool(2),
        .conv2d(filters: 32, kernel: 3, activation: .relu), .globalAveragePooling,
        .dense(units: 10, activation: .softmax),
      ])
    #expect(image.outputShapes.map(\.description) == ["8×8×16", "8×8×16", "4×4×16", "2×2×32", "32", "10"])
    #expect(image.summary.map(\.parameterCount) == [160, 32, 0, 4640, 0, 330])
    #expect(image.statistics.count == 32)
    guard case .batchNorm(let gamma, _, _, _) = image.parameters(ofLayer: 1) else {
      Issue.record("bn has no parameters")
      return
    }
    #expect(gamma.count == 16)

    let sequence = try Network(
      inputShape: SampleShape([40, 1]),
      layers: [
        .conv1d(filters: 8, kernel: 5, stride: 2, padding: .same), .averagePool(2), .flatten, .dense(units: 2),
      ])
    #expect(sequence.outputShapes.map(\.description) == ["20×8", "10×8", "80", "2"])
    #expect(sequence.summary.map(\.parameterCount) == [48, 0, 0, 162])
    #expect(sequence.copy().outputShapes == sequence.outputShapes)
  }

  @Test func shapeMistakesAreErrorsAtTheirLayer() {
    let image = [8, 8, 1]
    #expect(TrainingFixtures.failure([64], [.conv2d(filters: 4, kernel: 3), .flatten])?.layer == 0)
    #expect(TrainingFixtures.failure(image, [.conv1d(filters: 4, kernel: 3)])?.layer == 0)
    #expect(TrainingFixtures.failure([40, 1], [.conv2d(filters: 4, kernel: 3)])?.layer == 0)
    #expect(TrainingFixtures.failure(image, [.maxPool(2), .conv2d(filters: 4, kernel: 5)])?.layer == 1)
    #expect(TrainingFixtures.failure(image, [.maxPool(3), .maxPool(3)])?.layer == 1)
    #expect(TrainingFixtures.failure(image, [.conv2d(filters: 4, kernel: 3), .dense(units: 10)])?.layer == 1)
    #expect(TrainingFixtures.failure(image, [.conv2d(filters: 4, kernel: 3, activation: .softmax)])?.layer == 0)
    #expect(TrainingFixtures.failure(image, [.activation(.softmax)])?.layer == 0)
    #expect(TrainingFixtures.failure([64], [.globalAveragePooling])?.layer == 0)
    #expect(TrainingFixtures.failure(image, [.conv2d(filters: 4, kernel: 3, stride: 0)])?.layer == 0)
    #expect(TrainingFixtures.failure(image, [.flatten, .dense(units: 3)]) == nil)
  }

  // MARK: Training

  /// Random 6×6×1 images with random labels.
  private static func images(rows: Int, seed: UInt64) -> TrainingSet {
    var random = SeededGenerator(seed: seed)
    return TrainingSet(
      features: Matrix(rows: rows, columns: 36, values: (0..<rows * 36).map { _ in Float(random.gaussian()) }),
      classes: (0..<rows).map { _ in Int32(random.index(below: 3)) }, classCount: 3)
  }

  private func trainedConvolution(seed: UInt64) throws -> (TrainingRun, [Float]) {
    let network = try Network(
      inputShape: SampleShape([6, 6, 1]),
      layers: [
        .conv2d(filters: 4, kernel: 3, padding: .same, activation: .relu), .batchNorm(), .dropout(rate: 0.2),
        .maxPool(2), .conv2d(filters: 6, kernel: 2, activation: .relu), .globalAveragePooling,
        .dense(units: 3, activation: .softmax),
      ],
      seed: 5)
    let config = TrainingConfig(epochs: 3, batchSize: 8, optimizer: .adam(), seed: seed, telemetryInterval: 2)
    let run = try Trainer(network: network, config: config).train(
      on: Self.images(rows: 30, seed: 6), validation: Self.images(rows: 10, seed: 7))
    return (run, network.parameters.array + network.statistics.array)
  }

  @Test func sameSeedSameRun() throws {
    let (first, firstWeights) = try trainedConvolution(seed: 9)
    let (second, secondWeights) = try trainedConvolution(seed: 9)
    #expect(first.telemetry.stepLosses == second.telemetry.stepLosses)
    #expect(first.telemetry.samples == second.telemetry.samples)
    #expect(first.history.map(\.validationLoss) == second.history.map(\.validationLoss))
    #expect(firstWeights == secondWeights)
    let (other, _) = try trainedConvolution(seed: 10)
    #expect(other.telemetry.stepLosses != first.telemetry.stepLosses)
  }

  /// L1 adds l1·sign(w) to the gradient of every convolution and dense weight, and nothing to
  /// the biases: the same step with and without it differs by exactly that.
  @Test func l1PenalisesConvolutionWeights() throws {
    let data = Self.images(rows: 8, seed: 21)
    func step(l1: Float) throws -> Network {
      let network = try Network(
        inputShape: SampleShape([6, 6, 1]),
        layers: [
          .conv2d(filters: 3, kernel: 3, activation: .tanh), .maxPool(2), .flatten,
          .dense(units: 3, activation: .softmax),
        ],
        seed: 4)
      let trainer = try Trainer(network: network, config: TrainingConfig(batchSize: 8, optimizer: .sgd(), l1: l1))
      // A zero learning rate leaves the parameters as they are and the gradients in place.
      _ = try #require(try trainer.step(on: data, learningRate: 0))
      return network
    }
    let (plain, penalised) = (try step(l1: 0), try step(l1: 0.25))
    let (w, g0, g1) = (plain.parameters.array, plain.gradients.array, penalised.gradients.array)
    for (index, kernel) in plain.kernels.enumerated() where !kernel.parameterRange.isEmpty {
      let worst = kernel.parameterRange.map { i in
        let expected: Float = kernel.weightRange.contains(i) ? (w[i] > 0 ? 0.25 : -0.25) : 0
        return abs(g1[i] - g0[i] - expected)
      }.max()!
      #expect(worst < 1e-5, "layer \(index): off by \(worst)")
    }
    // 3 filters of 3×3×1; 2×2×3 pooled values into 3 units.
    #expect(plain.weightCounts == [27, nil, nil, 36])
  }

  @Test func deadChannelsAreCountedOverEveryPosition() throws {
    let network = try Network(
      inputShape: SampleShape([6, 6, 1]),
      layers: [
        .conv2d(filters: 4, kernel: 3, activation: .relu), .globalAveragePooling,
        .dense(units: 3, activation: .softmax),
      ],
      seed: 12)
    guard case .dense(let weights, var bias?) = network.parameters(ofLayer: 0) else {
      Issue.record("the convolution has no parameters")
      return
    }
    // Filter 0 cannot rise above zero anywhere; the others are alive somewhere in the batch.
    bias[0] = -1e3
    try network.setParameters(.dense(weights: weights, bias: bias), ofLayer: 0)
    let config = TrainingConfig(
      epochs: 1, batchSize: 16, optimizer: .sgd(), learningRate: .constant(1e-3), telemetryInterval: 1)
    let run = try Trainer(network: network, config: config).train(on: Self.images(rows: 16, seed: 13))
    let convolution = try #require(run.telemetry.samples.first?.layers.first { $0.layer == 0 })
    #expect(convolution.inactiveUnits == 0.25)
    #expect(convolution.gradientNorm.map { $0 > 0 } == true)
    #expect(convolution.inactiveOutputs.map { $0 >= 0.25 && $0 < 1 } == true)
  }
}

/// torch 2.15 (float64) on the case of `conv2dMatchesPyTorch`, channels last:
///
///     x = [sin(0.37 i + 0.1)] as 2×4×4×2;  W = [0.5 cos(0.23 j)] as 2×3×3×2;  b = [0.1, 0.2]
///     y = conv2d(pad(x, (0, 1, 0, 1)), W, b, stride=2);  r = [sin(0.11 i + 0.3)];  (y·r).sum().backward()
private enum PyTorchConv2d {
  static let output: [Float] = [
    1.30695, -1.16437, -0.00973991, -0.689557, 1.92072, -0.436919, 2.02034, -1.85246, 1.28315, -0.213969, 0.522664,
    -0.922269, -0.00600367, 1.26304, 1.84774, -1.33582,
  ]
  static let weightGradient: [Float] = [
    0.939318, 2.32945, 3.40431, 4.0184, 2.09529, 2.57539, -0.197873, -1.67562, -2.92659, -3.78145, -1.75025,
    -2.38031, 0.0805867, 0.738529, 1.29652, 1.67902, 0.712704, 0.996456, 1.05765, 2.51091, 3.62432, 4.24721,
    2.29251, 2.77353, -0.278735, -1.8287, -3.13116, -4.00984, -1.9371, -2.58143, 0.116015, 0.830366, 1.43233,
    1.84043, 0.826466, 1.127,
  ]
  static let biasGradient: [Float] = [6.15871, 6.49154]
  static let inputGradient: [Float] = [
    0.0398084, 0.0769548, 0.110048, 0.137346, 0.246297, 0.312182, 0.189578, 0.226174, 0.172046, 0.165848, 0.150916,
    0.128034, 0.358394, 0.307549, 0.215061, 0.174849, 0.159127, 0.188097, 0.207161, 0.215314, 0.393878, 0.398848,
    0.20982, 0.207508, 0.335388, 0.310285, 0.268839, 0.213235, 0.541025, 0.43352, 0.309658, 0.241342, 0.202089,
    0.288834, 0.360368, 0.412922, 0.666132, 0.763355, 0.385535, 0.438574, 0.434839, 0.395613, 0.33555, 0.257815,
    0.620593, 0.476908, 0.345267, 0.26186, 0.194837, 0.181712, 0.159017, 0.127947, 0.270373, 0.204438, 0.125216,
    0.086981, 0.451455, 0.405578, 0.338339, 0.253282, 0.581941, 0.429445, 0.315103, 0.232494,
  ]
}
