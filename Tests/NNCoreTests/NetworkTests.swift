import Testing

@testable import NNCore

struct NetworkTests {
  @Test func summaryCountsParametersPerLayer() throws {
    let network = try Network(
      inputWidth: 10,
      layers: [
        .dense(units: 128, activation: .relu), .batchNorm(), .dropout(rate: 0.5), .activation(.leakyReLU(alpha: 0.2)),
        .dense(units: 10, activation: .softmax, bias: false),
      ])
    #expect(
      network.summary == [
        LayerSummary(layer: "dense 128 relu", outputShape: .flat(128), parameterCount: 1408),
        LayerSummary(layer: "bn", outputShape: .flat(128), parameterCount: 256),
        LayerSummary(layer: "dropout 0.5", outputShape: .flat(128), parameterCount: 0),
        LayerSummary(layer: "leaky_relu 0.2", outputShape: .flat(128), parameterCount: 0),
        LayerSummary(layer: "dense 10 softmax bias: false", outputShape: .flat(10), parameterCount: 1280),
      ])
    #expect(network.parameterCount == 1408 + 256 + 1280 && network.outputWidth == 10)
  }

  @Test func initialisersFollowTheActivation() throws {
    #expect(Initializer.default(for: .relu) == .he && Initializer.default(for: .tanh) == .glorot)
    // He-normal weights have variance 2 / fan-in.
    let network = try Network(inputWidth: 400, layers: [.dense(units: 100, activation: .relu)], seed: 51)
    guard case .dense(let weights, let bias) = network.parameters(ofLayer: 0) else {
      Issue.record("an expected value is missing")
      return
    }
    let variance = weights.values.map { Double($0 * $0) }.reduce(0, +) / Double(weights.values.count)
    #expect(abs(variance - 2.0 / 400) < 0.05 * 2.0 / 400)
    #expect(bias! == [Float](repeating: 0, count: 100))
  }

  @Test func theSameSeedGivesTheSameWeights() throws {
    let layers: [LayerConfig] = [.dense(units: 8, activation: .tanh), .dense(units: 2)]
    let a = try Network(inputWidth: 3, layers: layers, seed: 52)
    let b = try Network(inputWidth: 3, layers: layers, seed: 52)
    let c = try Network(inputWidth: 3, layers: layers, seed: 53)
    #expect(a.parameters.array == b.parameters.array && a.parameters.array != c.parameters.array)
    #expect(a.copy().parameters.array == a.parameters.array)
  }

  @Test func badDescriptionsNameTheLayer() {
    #expect(throws: NetworkError(layer: 1, message: "layer 2 (dropout 1.0): the rate must be at least 0 and below 1")) {
      try Network(inputWidth: 3, layers: [.dense(units: 4), .dropout(rate: 1)])
    }
    #expect(throws: NetworkError.self) { try Network(inputWidth: 3, layers: [.dense(units: 0)]) }
    #expect(throws: NetworkError.self) { try Network(inputWidth: 3, layers: []) }
  }

  @Test func theLossFollowsTheOutputLayer() throws {
    #expect(
      Loss.inferred(for: try Network(inputWidth: 2, layers: [.dense(units: 3, activation: .softmax)])) == .crossEntropy)
    #expect(
      Loss.inferred(for: try Network(inputWidth: 2, layers: [.dense(units: 1, activation: .sigmoid)]))
        == .binaryCrossEntropy)
    #expect(Loss.inferred(for: try Network(inputWidth: 2, layers: [.dense(units: 1)])) == .mse)
    #expect(
      Loss.inferred(for: try Network(inputWidth: 2, layers: [.dense(units: 3), .activation(.softmax)])) == .crossEntropy
    )
  }

  @Test func dataThatDoesNotFitIsRefused() throws {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 3, activation: .softmax)])
    let trainer = try Trainer(network: network, config: TrainingConfig())
    let features = Matrix(rows: 2, columns: 2, values: [0, 1, 2, 3])
    let cases = [
      TrainingSet(features: Matrix(rows: 2, columns: 3, values: [0, 1, 2, 3, 4, 5]), classes: [0, 1], classCount: 3),
      TrainingSet(features: features, classes: [0, 3], classCount: 3),
      TrainingSet(features: features, classes: [0, 1], classCount: 4),
      TrainingSet(features: features, values: Matrix(rows: 2, columns: 3, values: [0, 0, 0, 1, 1, 1])),
      TrainingSet(features: Matrix(rows: 0, columns: 2, values: []), classes: [], classCount: 3),
    ]
    for data in cases {
      #expect(throws: TrainingError.self) { try trainer.train(on: data) }
    }
    #expect(throws: TrainingError.self) { try network.predict(Matrix(rows: 1, columns: 3, values: [1, 2, 3])) }
  }

  @Test func predictAppliesTheOutputActivation() throws {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 3, activation: .softmax)], seed: 54)
    let output = try network.predict(Matrix(rows: 300, columns: 2, values: (0..<600).map { Float($0 % 7) - 3 }))
    #expect(output.rows == 300)
    for r in 0..<300 { #expect(abs(output.row(r).reduce(0, +) - 1) < 1e-5) }
  }
}
