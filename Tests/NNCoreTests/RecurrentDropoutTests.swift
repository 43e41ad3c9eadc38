import Testing

@testable import NNCore

/// A recurrent layer's `dropout:`: inverted dropout on what it hands on while training, nothing
/// in evaluation, and the gradient through the same mask.
struct RecurrentDropoutTests {
  static let input = SampleShape([6, 2])

  /// A network of `recurrent` into a dense head, and the same without dropout, equal weights.
  static func pair(_ recurrent: Recurrent) throws -> (dropped: Network, plain: Network) {
    var plain = recurrent
    plain.dropout = 0
    let head: [LayerConfig] = recurrent.sequences ? [.flatten] : []
    let dropped = try Network(inputShape: input, layers: [.recurrent(recurrent)] + head + [.dense(units: 2)], seed: 1)
    let twin = try Network(inputShape: input, layers: [.recurrent(plain)] + head + [.dense(units: 2)], seed: 1)
    return (dropped, twin)
  }

  @Test func evaluationIsTheLayerWithout() throws {
    let (dropped, plain) = try Self.pair(Recurrent(.lstm, units: 4, sequences: true, dropout: 0.5))
    #expect(dropped.parameters.array == plain.parameters.array)
    var random = SeededGenerator(seed: 2)
    let x = Matrix(rows: 5, columns: 12, values: (0..<60).map { _ in Float(random.gaussian()) })
    #expect(try dropped.predict(x) == plain.predict(x))
  }

  @Test(arguments: [false, true])
  func trainingZeroesAFractionAndScalesTheRest(_ sequences: Bool) throws {
    let rate: Float = 0.25
    let (dropped, plain) = try Self.pair(Recurrent(.gru, units: 8, sequences: sequences, dropout: rate))
    let rows = 64
    var random = SeededGenerator(seed: 3)
    let x = (0..<rows * 12).map { _ in Float(random.gaussian()) }
    dropped.reserve(rows: rows)
    plain.reserve(rows: rows)
    let (kept, states) = x.withUnsafeBufferPointer { x -> ([Float], [Float]) in
      var draws = SeededGenerator(seed: 4)
      dropped.forward(x.baseAddress!, rows: rows, mode: ForwardMode(training: true), random: &draws)
      plain.forward(x.baseAddress!, rows: rows, mode: ForwardMode(training: true), random: &draws)
      let width = dropped.kernels[0].outputWidth
      return (
        Array(UnsafeBufferPointer(start: dropped.kernels[0].output, count: rows * width)),
        Array(UnsafeBufferPointer(start: plain.kernels[0].output, count: rows * width))
      )
    }
    var zeroed = 0
    for (value, state) in zip(kept, states) {
      if value == 0 && state != 0 {
        zeroed += 1
      } else {
        #expect(abs(value - state / (1 - rate)) <= 1e-6 * max(1, abs(value)))
      }
    }
    // 512 or 3072 draws at 0.25: the share zeroed within 0.07 of it.
    let share = Double(zeroed) / Double(kept.count)
    #expect(abs(share - 0.25) < 0.07, "\(share) zeroed")
  }

  @Test(arguments: [false, true])
  func gradientsGoThroughTheMask(_ sequences: Bool) throws {
    let head: [LayerConfig] = sequences ? [.flatten] : []
    try GradientCheck.check(
      [.recurrent(Recurrent(.lstm, units: 3, sequences: sequences, bidirectional: true, dropout: 0.4))] + head
        + [.dense(units: 3, activation: .softmax)], inputShape: SampleShape([4, 2]), rows: 4, loss: .crossEntropy,
      inputs: true)
  }

  @Test func theRateIsAFractionAndPartOfTheDescription() throws {
    #expect(TrainingFixtures.failure([6, 2], [.recurrent(Recurrent(.gru, units: 4, dropout: 1))])?.layer == 0)
    #expect(TrainingFixtures.failure([6, 2], [.recurrent(Recurrent(.gru, units: 4, dropout: -0.1))])?.layer == 0)
    #expect(Recurrent(.lstm, units: 8, sequences: true, dropout: 0.25).description == "lstm 8 seq: true dropout: 0.25")
    // Its parameters are the layer's own, set and read through the dropout.
    let (dropped, _) = try Self.pair(Recurrent(.rnn(.relu), units: 3, dropout: 0.2))
    let parameters = try #require(dropped.parameters(ofLayer: 0))
    try dropped.setParameters(parameters, ofLayer: 0)
    #expect(dropped.parameters(ofLayer: 0) == parameters)
    #expect(dropped.weightCounts.first == 3 * (2 + 3))
  }
}
