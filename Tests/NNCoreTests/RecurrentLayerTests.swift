import Testing

@testable import NNCore

/// What a recurrent layer hands on, what it holds, and what it refuses.
struct RecurrentLayerTests {
  @Test func shapesFollowTheOutputModeAndDirections() throws {
    let sequence = SampleShape([7, 3])
    #expect(try LayerConfig.recurrent(Recurrent(.lstm, units: 5)).outputShape(for: sequence) == .flat(5))
    #expect(
      try LayerConfig.recurrent(Recurrent(.gru, units: 5, sequences: true)).outputShape(for: sequence)
        == SampleShape([7, 5]))
    #expect(
      try LayerConfig.recurrent(Recurrent(.rnn(.tanh), units: 4, sequences: true, bidirectional: true))
        .outputShape(for: sequence) == SampleShape([7, 8]))
  }

  @Test func parameterCountsArePyTorchs() throws {
    // nn.LSTM(3, 5): 4·5·(3 + 5) weights and 2·4·5 biases; both directions twice that.
    for (cell, gates) in [(Recurrent.Cell.rnn(.relu), 1), (.lstm, 4), (.gru, 3)] {
      for bidirectional in [false, true] {
        let network = try Network(
          inputShape: SampleShape([7, 3]), layers: [.recurrent(Recurrent(cell, units: 5, bidirectional: bidirectional))]
        )
        let directions = bidirectional ? 2 : 1
        #expect(network.parameterCount == directions * gates * 5 * (3 + 5 + 2))
        #expect(network.weightCounts == [directions * gates * 5 * (3 + 5)])
      }
    }
  }

  @Test func initialisationIsPyTorchsUniform() throws {
    let network = try Network(
      inputShape: SampleShape([6, 2]), layers: [.recurrent(Recurrent(.gru, units: 16))], seed: 5)
    let values = network.parameters.array
    // ±1/√16; with 480 draws the extremes come within a few percent of the limit.
    #expect(values.allSatisfy { abs($0) <= 0.25 })
    #expect(values.max()! > 0.24 && values.min()! < -0.24)
  }

  @Test func parametersRoundTripInPyTorchsLayout() throws {
    let network = try Network(
      inputShape: SampleShape([4, 3]), layers: [.recurrent(Recurrent(.lstm, units: 2, bidirectional: true))], seed: 1)
    guard case .recurrent(let directions) = try #require(network.parameters(ofLayer: 0)) else {
      Issue.record("an lstm's parameters are recurrent")
      return
    }
    #expect(directions.count == 2)
    #expect((directions[0].weightIH.rows, directions[0].weightIH.columns) == (8, 3))
    #expect((directions[0].weightHH.rows, directions[0].weightHH.columns) == (8, 2))
    var changed = directions
    changed[1].biasHH = [Float](repeating: 0.5, count: 8)
    try network.setParameters(.recurrent(changed), ofLayer: 0)
    #expect(network.parameters(ofLayer: 0) == .recurrent(changed))
    // The reverse direction's bias_hh is the last block of the flat parameters.
    #expect(network.parameters.array.suffix(8) == [Float](repeating: 0.5, count: 8))
    #expect(throws: NetworkError.self) { try network.setParameters(.recurrent([changed[0]]), ofLayer: 0) }
  }

  @Test func onlySequencesAreTaken() {
    let lstm = LayerConfig.recurrent(Recurrent(.lstm, units: 4))
    #expect(TrainingFixtures.failure([40], [lstm])?.message.contains("40 flat values") == true)
    #expect(TrainingFixtures.failure([8, 8, 1], [lstm])?.layer == 0)
    #expect(TrainingFixtures.failure([40, 1], [.recurrent(Recurrent(.rnn(.sigmoid), units: 4))])?.layer == 0)
    #expect(TrainingFixtures.failure([40, 1], [.recurrent(Recurrent(.gru, units: 0))])?.layer == 0)
    // Without `seq:`, a second recurrent layer gets a flat vector.
    #expect(TrainingFixtures.failure([40, 1], [lstm, lstm])?.layer == 1)
    #expect(TrainingFixtures.failure([40, 1], [.recurrent(Recurrent(.lstm, units: 4, sequences: true)), lstm]) == nil)
  }

  @Test func trainingLearnsWhichHalfHoldsTheLargerSum() throws {
    // Class 1 when the last four steps sum to more than the first four: the layer must carry
    // what it saw early to the end.
    var random = SeededGenerator(seed: 7)
    let rows = 256
    var values: [Float] = []
    var classes: [Int32] = []
    for _ in 0..<rows {
      let row = (0..<8).map { _ in Float(random.gaussian()) }
      values += row
      classes.append(row[4...].reduce(0, +) > row[..<4].reduce(0, +) ? 1 : 0)
    }
    let data = TrainingSet(
      features: Matrix(rows: rows, columns: 8, values: values), classes: classes, classCount: 2)
    for cell in [Recurrent.Cell.rnn(.tanh), .lstm, .gru] {
      let network = try Network(
        inputShape: SampleShape([8, 1]),
        layers: [.recurrent(Recurrent(cell, units: 8)), .dense(units: 2, activation: .softmax)], seed: 2)
      let config = TrainingConfig(
        epochs: 60, batchSize: 32, optimizer: .adam(), learningRate: .constant(0.01), loss: .crossEntropy)
      let run = try Trainer(network: network, config: config).train(on: data)
      let accuracy = try #require(run.history.last?.accuracy)
      #expect(accuracy > 0.9, "\(cell): training accuracy \(accuracy)")
    }
  }
}
