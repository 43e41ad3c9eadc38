import Testing

@testable import NNCore

/// A run resumed from the checkpoint of any epoch ends exactly as the uninterrupted run: the
/// same history, telemetry and weights, bit for bit.
struct ResumeTests {
  private static let layers: [LayerConfig] = [
    .dense(units: 10, activation: .relu), .dropout(rate: 0.2), .batchNorm(), .dense(units: 3, activation: .softmax),
  ]
  private static let training = TrainingFixtures.blobs(perClass: 15, seed: 31)
  private static let validation = TrainingFixtures.blobs(perClass: 6, seed: 32)

  /// Shuffling, dropout, batch statistics, Adam's moments and plateau's state all carry over.
  private static let config = TrainingConfig(
    epochs: 8, batchSize: 8, learningRate: .plateau(initial: 0.05, factor: 0.5, patience: 0), seed: 33)

  /// A whole run, with the checkpoint taken at the end of each epoch.
  private static func run(_ config: TrainingConfig) throws -> (
    run: TrainingRun, weights: [Float], checkpoints: [TrainingCheckpoint]
  ) {
    let network = try Network(inputWidth: 2, layers: layers, seed: 34)
    let trainer = try Trainer(network: network, config: config)
    var checkpoints: [TrainingCheckpoint] = []
    let run = try trainer.train(on: training, validation: validation) { _ in
      checkpoints.append(trainer.checkpoint()!)
    }
    #expect(trainer.checkpoint()?.epoch == nil)
    return (run, network.parameters.array + network.statistics.array, checkpoints)
  }

  /// A fresh trainer, from other initial weights, going on from `checkpoint`.
  private static func resume(_ config: TrainingConfig, from checkpoint: TrainingCheckpoint) throws -> (
    run: TrainingRun, weights: [Float]
  ) {
    let network = try Network(inputWidth: 2, layers: layers, seed: 99)
    let run = try Trainer(network: network, config: config).train(
      on: training, validation: validation, from: checkpoint)
    return (run, network.parameters.array + network.statistics.array)
  }

  /// Everything but wall time.
  private static func numbers(_ run: TrainingRun) -> [[Float?]] {
    run.history.map {
      [Float($0.epoch), $0.loss, $0.accuracy, $0.validationLoss, $0.validationAccuracy, $0.learningRate]
    }
  }

  @Test func resumingFromAnyEpochEndsAsTheUninterruptedRun() throws {
    let whole = try Self.run(Self.config)
    #expect(whole.checkpoints.count == 8)
    // The schedule does change along the way, so its replayed state is tested too.
    #expect(Set(whole.run.history.map(\.learningRate)).count > 1)
    for checkpoint in whole.checkpoints {
      let resumed = try Self.resume(Self.config, from: checkpoint)
      // Booleans, so that a failure names the epoch rather than printing every number.
      let sameHistory = Self.numbers(resumed.run) == Self.numbers(whole.run)
      let sameTelemetry = resumed.run.telemetry == whole.run.telemetry
      let sameWeights = resumed.weights == whole.weights
      #expect(sameHistory, "history, resumed from epoch \(checkpoint.epoch)")
      #expect(sameTelemetry, "telemetry, resumed from epoch \(checkpoint.epoch)")
      #expect(sameWeights, "weights, resumed from epoch \(checkpoint.epoch)")
      #expect(resumed.run.stopReason == whole.run.stopReason)
    }
  }

  @Test func earlyStoppingGoesBackToTheSameBestEpoch() throws {
    var config = Self.config
    config.epochs = 40
    config.earlyStoppingPatience = 2
    let whole = try Self.run(config)
    guard case .earlyStopping(_, let best) = whole.run.stopReason else {
      Issue.record("the run should stop early, and stopped: \(whole.run.stopReason)")
      return
    }
    #expect(whole.run.finalEpoch == best)
    for checkpoint in whole.checkpoints {
      let resumed = try Self.resume(config, from: checkpoint)
      #expect(resumed.run.stopReason == whole.run.stopReason, "from epoch \(checkpoint.epoch)")
      #expect(resumed.run.finalEpoch == best)
      let sameWeights = resumed.weights == whole.weights
      #expect(sameWeights, "weights, resumed from epoch \(checkpoint.epoch)")
    }
  }

  @Test func theStepLimitCountsTheStepsBeforeTheCheckpoint() throws {
    var config = Self.config
    config.stepLimit = 32
    let whole = try Self.run(config)
    #expect(whole.run.stopReason == .stepLimit(epoch: 6, step: 2))
    let resumed = try Self.resume(config, from: whole.checkpoints[2])
    #expect(resumed.run.stopReason == whole.run.stopReason)
    let sameWeights = resumed.weights == whole.weights
    #expect(sameWeights)
  }

  @Test func aCheckpointThatDoesNotFitIsRefused() throws {
    let checkpoint = try Self.run(Self.config).checkpoints[1]
    let other = try Trainer(network: Network(inputWidth: 2, layers: [.dense(units: 3)]), config: Self.config)
    #expect(throws: TrainingError.self) { try other.train(on: Self.training, from: checkpoint) }
    var restarts = Self.config
    restarts.restarts = 1
    let restarting = try Trainer(network: Network(inputWidth: 2, layers: Self.layers), config: restarts)
    #expect(throws: TrainingError.self) { try restarting.train(on: Self.training, from: checkpoint) }
    let same = try Trainer(network: Network(inputWidth: 2, layers: Self.layers), config: Self.config)
    let fewerRows = TrainingFixtures.blobs(perClass: 10, seed: 31)
    #expect(throws: TrainingError.self) { try same.train(on: fewerRows, from: checkpoint) }
  }

  @Test func aGeneratorCarriesOnFromItsWords() throws {
    var generator = SeededGenerator(seed: 35)
    _ = generator.next()
    var copy = try #require(SeededGenerator(words: generator.words))
    #expect((0..<5).map { _ in copy.next() } == (0..<5).map { _ in generator.next() })
    #expect(SeededGenerator(words: [0, 0, 0, 0]) == nil)
    #expect(SeededGenerator(words: [1, 2, 3]) == nil)
  }

  @Test func recordsAndTelemetryReadBackBitForBitAsRows() throws {
    let run = try Self.run(Self.config).run
    #expect(run.history.map { EpochRecord(row: $0.row) } == run.history.map(Optional.some))
    let samples = run.telemetry.samples.map { sample in
      TelemetrySample(row: sample.row, layers: sample.layers.compactMap { LayerTelemetry(row: $0.row) })
    }
    let sameSamples = samples == run.telemetry.samples.map(Optional.some)
    #expect(sameSamples)
    #expect(run.telemetry.samples.contains { $0.layers.contains { $0.saturatedOutputs == nil } })
    var row = run.history[0].row
    row[1] = 8
    #expect(EpochRecord(row: row) == nil, "a mask with a bit too many")
    #expect(EpochRecord(row: Array(row.prefix(7))) == nil)
    #expect(LayerTelemetry(row: [0.5, 0, 0, 0, 0, 0, 0, 0]) == nil, "a layer that is not a whole number")
  }
}
