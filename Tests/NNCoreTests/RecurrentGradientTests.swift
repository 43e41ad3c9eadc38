import Testing

@testable import NNCore

/// rnn, lstm and gru: back-propagation through time against finite differences, for every
/// parameter and every input value, in each output mode and direction, and stacked.
struct RecurrentGradientTests {
  static let cells: [Recurrent.Cell] = [.rnn(.tanh), .rnn(.relu), .lstm, .gru]

  /// Each cell with the last state or every step, one direction or both.
  static let layers: [Recurrent] = cells.flatMap { cell in
    [(false, false), (true, false), (false, true), (true, true)].map {
      Recurrent(cell, units: 3, sequences: $0.0, bidirectional: $0.1)
    }
  }

  @Test(arguments: layers)
  func recurrent(_ layer: Recurrent) throws {
    // Five steps carry the gradient back through four recurrent products.
    let head: [LayerConfig] = layer.sequences ? [.flatten] : []
    try GradientCheck.check(
      [.recurrent(layer)] + head + [.dense(units: 3, activation: .softmax)], inputShape: SampleShape([5, 2]),
      rows: 4, loss: .crossEntropy, inputs: true)
  }

  @Test(arguments: [false, true])
  func lstmIntoGru(_ bidirectional: Bool) throws {
    // The gru hands the lstm its input gradient at every step.
    try GradientCheck.check(
      [
        .recurrent(Recurrent(.lstm, units: 3, sequences: true, bidirectional: bidirectional)),
        .recurrent(Recurrent(.gru, units: 2, bidirectional: bidirectional)), .dense(units: 3, activation: .softmax),
      ],
      inputShape: SampleShape([4, 2]), rows: 3, loss: .crossEntropy, inputs: true)
  }
}
