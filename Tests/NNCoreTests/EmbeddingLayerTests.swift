import Testing

@testable import NNCore

/// What an embedding takes and hands on, how it starts, its gradient against finite
/// differences, and the data it refuses.
struct EmbeddingLayerTests {
  static let embedding = LayerConfig.embedding(vocabulary: 5, dimension: 3)

  @Test func tokensBecomeASequenceOfVectors() throws {
    #expect(try Self.embedding.outputShape(for: .flat(7)) == SampleShape([7, 3]))
    #expect(try Self.embedding.outputShape(for: SampleShape([7, 1])) == SampleShape([7, 3]))
    #expect(throws: ShapeError.notTokens(SampleShape([7, 2]))) {
      try Self.embedding.outputShape(for: SampleShape([7, 2]))
    }
    #expect(throws: ShapeError.notTokens(SampleShape([8, 8, 1]))) {
      try Self.embedding.outputShape(for: SampleShape([8, 8, 1]))
    }
    #expect(Self.embedding.description == "embedding 5 3")
  }

  @Test func itsTableIsItsWeightsAndStartsAsPyTorchsStandardNormal() throws {
    let network = try Network(
      inputShape: .flat(4), layers: [.embedding(vocabulary: 1000, dimension: 8), .flatten, .dense(units: 2)], seed: 4)
    // The whole table is weights, for L1 and the doctor, as a dense layer's matrix is.
    #expect(network.weightCounts == [8000, nil, 64])
    let table = network.parameters.array[network.kernels[0].parameterRange].map(Double.init)
    let mean = table.reduce(0, +) / Double(table.count)
    let deviation = (table.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(table.count)).squareRoot()
    // 8000 draws of N(0, 1): the mean within 0.05 and the deviation within 3% of 1.
    #expect(abs(mean) < 0.05 && abs(deviation - 1) < 0.03, "mean \(mean), deviation \(deviation)")
    guard case .dense(let weights, let bias) = try #require(network.parameters(ofLayer: 0)) else {
      Issue.record("an embedding's table comes as a dense weight")
      return
    }
    #expect((weights.rows, weights.columns, bias) == (1000, 8, nil))
  }

  @Test func eachTokenPicksItsRow() throws {
    let network = try Network(inputShape: .flat(3), layers: [Self.embedding])
    let table = Matrix(rows: 5, columns: 3, values: (0..<15).map(Float.init))
    try network.setParameters(.dense(weights: table, bias: nil), ofLayer: 0)
    let output = try network.predict(Matrix(rows: 2, columns: 3, values: [4, 0, 4, 1, 2, 3]))
    #expect(output.values == [12, 13, 14, 0, 1, 2, 12, 13, 14, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  }

  @Test func tableGradientsMatchFiniteDifferences() throws {
    // Tokens repeat within and across rows, so rows of the table gather several positions.
    let tokens = { (i: Int) in Float(i * 7 % 5) }
    try GradientCheck.check(
      [Self.embedding, .flatten, .dense(units: 3, activation: .softmax)], rows: 4, loss: .crossEntropy,
      features: tokens)
    try GradientCheck.check(
      [Self.embedding, .recurrent(Recurrent(.gru, units: 2)), .dense(units: 3, activation: .softmax)],
      inputShape: SampleShape([4, 1]), rows: 3, loss: .crossEntropy, features: tokens)
  }

  @Test func onlyTheFirstLayerAndWholeSizesAreTaken() {
    #expect(TrainingFixtures.failure([4], [.dense(units: 4), Self.embedding])?.message.contains("first layer") == true)
    #expect(TrainingFixtures.failure([4], [.embedding(vocabulary: 0, dimension: 3)])?.layer == 0)
    #expect(TrainingFixtures.failure([4], [.embedding(vocabulary: 5, dimension: 0)])?.layer == 0)
  }

  @Test(arguments: [(Float(5), "5"), (2.5, "2.5"), (-1, "-1"), (.nan, "nan")])
  func aValueThatIsNoTokenIsRefusedBeforeAnyPass(_ value: Float, _ shown: String) throws {
    let network = try Network(
      inputShape: .flat(3), layers: [Self.embedding, .flatten, .dense(units: 2, activation: .softmax)])
    let features = Matrix(rows: 2, columns: 3, values: [0, 1, 2, 3, value, 4])
    let data = TrainingSet(features: features, classes: [0, 1], classCount: 2)
    let trainer = try Trainer(network: network, config: TrainingConfig(epochs: 1, loss: .crossEntropy))
    let expected =
      "hold \(shown) (row 2, column 2), but layer 1 (embedding 5 3) takes tokens: whole numbers from 0 to 4"
    for attempt in [
      { _ = try trainer.train(on: data) }, { _ = try network.evaluate(data) }, { _ = try network.predict(features) },
    ] {
      let error = try #require(throws: TrainingError.self) { try attempt() }
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }
}
