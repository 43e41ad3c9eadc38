import Testing

@testable import NNCore

/// Two threads split each batch (data-parallel steps): the same training as one thread but for
/// the rounding of the split sums, and the same on every run.
struct ParallelStepTests {
  private static let layers: [LayerConfig] = [
    .dense(units: 24, activation: .relu), .dense(units: 24, activation: .tanh), .dense(units: 3, activation: .softmax),
  ]

  /// Trains `layers` on noise, 67 rows in batches of 16 (the last batch odd), and returns the run
  /// and the trained parameters.
  private func train(
    threads: Int, layers: [LayerConfig] = layers, optimizer: OptimizerConfig = .adam(),
    configure: (inout TrainingConfig) -> Void = { _ in }
  ) throws -> (run: TrainingRun, parameters: [Float]) {
    let data = TrainingFixtures.noise(rows: 67, features: 5, classes: 3, seed: 4)
    let network = try Network(inputWidth: 5, layers: layers, seed: 9)
    var config = TrainingConfig(epochs: 6, batchSize: 16, optimizer: optimizer, threads: threads)
    configure(&config)
    let run = try Trainer(network: network, config: config).train(on: data)
    return (run, network.parameters.array)
  }

  private func expectClose(_ a: [Float], _ b: [Float], within tolerance: Float) {
    #expect(a.count == b.count)
    let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst <= tolerance, "largest difference \(worst)")
  }

  @Test(arguments: [OptimizerConfig.adam(), .sgd(momentum: 0.9, nesterov: false), .rmsprop(), .adagrad()])
  func twoThreadsTrainAsOneDoesToWithinRounding(_ optimizer: OptimizerConfig) throws {
    let one = try train(threads: 1, optimizer: optimizer)
    let two = try train(threads: 2, optimizer: optimizer)
    // The halves' gradients are summed in another order: bit for bit equal would mean the batch
    // was never split.
    #expect(two.parameters != one.parameters)
    expectClose(two.parameters, one.parameters, within: 1e-4)
    expectClose(two.run.history.map(\.loss), one.run.history.map(\.loss), within: 1e-5)
    #expect(two.run.history.map(\.accuracy) == one.run.history.map(\.accuracy))
  }

  @Test func twoThreadsGiveTheSameNumbersOnEveryRun() throws {
    let first = try train(threads: 2) {
      $0.clipNorm = 0.5
      $0.l2 = 1e-3
    }
    for _ in 0..<3 {
      let again = try train(threads: 2) {
        $0.clipNorm = 0.5
        $0.l2 = 1e-3
      }
      #expect(again.parameters == first.parameters)
      #expect(again.run.history.map(\.loss) == first.run.history.map(\.loss))
    }
  }

  /// A sampled step reads the activations of both halves: the doctor sees the same batch.
  @Test func telemetryOnTwoThreadsMeasuresTheWholeBatch() throws {
    let layers: [LayerConfig] = [
      .dense(units: 24, activation: .relu), .dense(units: 24, activation: .sigmoid),
      .dense(units: 3, activation: .softmax),
    ]
    let one = try train(threads: 1, layers: layers) { $0.telemetryInterval = 1 }
    let two = try train(threads: 2, layers: layers) { $0.telemetryInterval = 1 }
    let (a, b) = (one.run.telemetry.samples, two.run.telemetry.samples)
    #expect(a.count == b.count && a.count == 30)
    for (x, y) in zip(a, b) {
      #expect(x.layers.map(\.inactiveUnits) == y.layers.map(\.inactiveUnits))
      #expect(x.layers.map(\.inactiveOutputs) == y.layers.map(\.inactiveOutputs))
      #expect(x.layers.map(\.saturatedOutputs) == y.layers.map(\.saturatedOutputs))
      expectClose([y.gradientNorm], [x.gradientNorm], within: 1e-4)
      expectClose(y.layers.compactMap(\.updateRatio), x.layers.compactMap(\.updateRatio), within: 1e-3)
    }
  }

  @Test func clippingAndPenaltiesSplitAsTheyRunWhole() throws {
    let settings: (inout TrainingConfig) -> Void = {
      $0.clipNorm = 0.3
      $0.clipValue = 0.05
      $0.l1 = 1e-4
      $0.l2 = 1e-3
    }
    let one = try train(threads: 1, configure: settings)
    let two = try train(threads: 2, configure: settings)
    expectClose(two.parameters, one.parameters, within: 1e-4)
  }

  /// Dropout draws from the trainer's stream and batch normalisation computes over the batch:
  /// such a network trains on one thread whatever `threads` says, with its exact numbers.
  @Test(arguments: [[LayerConfig.dropout(rate: 0.3)], [.batchNorm()]])
  func aNetworkThatCannotSplitItsBatchTrainsAsOnOneThread(_ middle: [LayerConfig]) throws {
    let layers = [Self.layers[0]] + middle + Self.layers[1...]
    #expect(!(try Network(inputWidth: 5, layers: layers)).splitsBatches)
    let one = try train(threads: 1, layers: layers)
    let two = try train(threads: 2, layers: layers)
    #expect(two.parameters == one.parameters)
  }

  /// A loss that goes non-finite stops the run where one thread stops it, naming the same layer.
  @Test func aNonFiniteLossIsFoundAsOnOneThread() throws {
    let optimizer = OptimizerConfig.sgd(momentum: 0, nesterov: false)
    let diverging: (inout TrainingConfig) -> Void = { $0.learningRate = .constant(1e4) }
    let layers: [LayerConfig] = [
      .dense(units: 24, activation: .relu), .dense(units: 24, activation: .relu),
      .dense(units: 3, activation: .softmax),
    ]
    let one = try train(threads: 1, layers: layers, optimizer: optimizer, configure: diverging)
    let two = try train(threads: 2, layers: layers, optimizer: optimizer, configure: diverging)
    guard case .nonFiniteLoss = one.run.stopReason else {
      Issue.record("one thread did not diverge: \(one.run.stopReason)")
      return
    }
    #expect(two.run.stopReason == one.run.stopReason)
  }

  @Test func onlyANetworkWithoutDropoutOrBatchNormalisationSplits() throws {
    #expect(try Network(inputWidth: 5, layers: Self.layers).splitsBatches)
    let recurrent = Recurrent(.gru, units: 4, dropout: 0.2)
    #expect(!(try Network(inputShape: SampleShape([6, 2]), layers: [.recurrent(recurrent)])).splitsBatches)
  }
}
