import Testing

@testable import NNCore

/// The same seed (and thread count) gives the same numbers, bit for bit.
struct DeterminismTests {
  private func run(seed: UInt64) throws -> (TrainingRun, [Float]) {
    let network = try Network(
      inputWidth: 2,
      layers: [
        .dense(units: 12, activation: .relu), .dropout(rate: 0.3), .batchNorm(), .dense(units: 3, activation: .softmax),
      ],
      seed: 21)
    let config = TrainingConfig(epochs: 4, batchSize: 8, optimizer: .adam(), restarts: 1, seed: seed)
    let run = try Trainer(network: network, config: config).train(
      on: TrainingFixtures.blobs(perClass: 12, seed: 22), validation: TrainingFixtures.blobs(perClass: 5, seed: 23))
    return (run, network.parameters.array + network.statistics.array)
  }

  @Test func sameSeedSameRun() throws {
    let (first, firstWeights) = try run(seed: 7)
    let (second, secondWeights) = try run(seed: 7)
    #expect(first.history.map(\.loss) == second.history.map(\.loss))
    #expect(first.history.map(\.validationLoss) == second.history.map(\.validationLoss))
    #expect(first.telemetry.stepLosses == second.telemetry.stepLosses)
    #expect(first.telemetry.samples == second.telemetry.samples)
    #expect(first.attemptLosses == second.attemptLosses)
    #expect(firstWeights == secondWeights)
  }

  @Test func otherSeedOtherRun() throws {
    let (first, _) = try run(seed: 7)
    let (second, _) = try run(seed: 8)
    #expect(first.telemetry.stepLosses != second.telemetry.stepLosses)
  }

  @Test func aSnapshotReplaysTheSameSteps() throws {
    let network = try Network(
      inputWidth: 2,
      layers: [.dense(units: 6, activation: .tanh), .dropout(rate: 0.2), .dense(units: 3, activation: .softmax)],
      seed: 24)
    let trainer = try Trainer(network: network, config: TrainingConfig(epochs: 2, batchSize: 8, seed: 25))
    let data = TrainingFixtures.blobs(perClass: 8, seed: 26)
    _ = try trainer.train(on: data)
    let snapshot = trainer.snapshot()
    let onward = try trainer.train(on: data)
    let weights = network.parameters.array
    try trainer.restore(snapshot)
    #expect(network.parameters.array == snapshot.parameters)
    let replay = try trainer.train(on: data)
    #expect(replay.telemetry.stepLosses == onward.telemetry.stepLosses)
    #expect(network.parameters.array == weights)
  }

  @Test func aSnapshotOfAnotherNetworkIsRefused() throws {
    let small = try Trainer(network: Network(inputWidth: 2, layers: [.dense(units: 3)]), config: TrainingConfig())
    let large = try Trainer(network: Network(inputWidth: 2, layers: [.dense(units: 4)]), config: TrainingConfig())
    #expect(throws: TrainingError.self) { try small.restore(large.snapshot()) }
  }
}
