/// Trains one network with one configuration: the epoch loop with validation, early stopping,
/// restarts, cancellation and telemetry, over a single-step core that allocates nothing.
///
///     let trainer = try Trainer(network: net, config: TrainingConfig(epochs: 30, batchSize: 64))
///     let run = try trainer.train(on: training, validation: validation)
///
/// A second `train` call goes on from the current weights and optimiser state.
public final class Trainer {
  /// The network being trained, in place.
  public let network: Network
  /// The configuration given to `init`.
  public let config: TrainingConfig
  /// The loss being minimised: the configured one or the one the output layer implies.
  public let loss: Loss
  /// Whether the output layer's activation is left to the loss (softmax with cross-entropy,
  /// sigmoid with binary cross-entropy).
  let fusedOutput: Bool
  let optimizer: Optimizer
  var random: SeededGenerator
  /// The batch buffers, sized by `prepare(rows:)` for the rows a batch can hold.
  private(set) var loader: BatchLoader
  let recorder: TelemetryRecorder
  let classWeights: FloatBuffer?
  /// The weight ranges the L1 penalty covers: dense and convolution weights (`Network.weightRanges`).
  let penalisedRanges: [Range<Int>]
  private let hasBatchNorm: Bool
  /// The current attempt's telemetry, which the steps add to.
  var telemetry: Telemetry
  /// While `onEpoch` runs: builds the state at the end of that epoch (`checkpoint()`).
  var epochEnd: (() -> TrainingCheckpoint)?
  /// The replica and worker thread of data-parallel steps, while `train` runs with two threads.
  var parallelSteps: ParallelSteps?

  /// Prepares the optimiser state; throws for settings that cannot be used. The per-batch
  /// buffers wait for the data, whose rows may be fewer than a batch.
  public init(network: Network, config: TrainingConfig) throws {
    if let problem = config.problem { throw TrainingError(problem) }
    self.network = network
    self.config = config
    loss = config.loss ?? .inferred(for: network)
    fusedOutput = loss.fuses(network.outputActivation)
    optimizer = Optimizer(config.optimizer, count: network.parameterCount)
    random = SeededGenerator(seed: config.seed)
    loader = BatchLoader(capacity: 0, inputWidth: network.inputWidth, outputWidth: network.outputWidth, loss: loss)
    recorder = TelemetryRecorder(network: network)
    classWeights = config.classWeights.map { weights in
      let buffer = FloatBuffer(count: weights.count)
      buffer.copy(from: weights)
      return buffer
    }
    penalisedRanges = network.weightRanges.compactMap { $0 }
    hasBatchNorm = network.layers.contains { if case .batchNorm = $0 { true } else { false } }
    telemetry = Telemetry(interval: config.telemetryInterval)
    if hasBatchNorm && config.batchSize < 2 {
      throw TrainingError(message: "batch normalisation needs batches of at least 2 rows")
    }
  }

  // MARK: Snapshots

  /// The parameters, running statistics, optimiser state and random state, copied.
  public func snapshot() -> TrainingSnapshot {
    TrainingSnapshot(
      parameters: network.parameters.array, statistics: network.statistics.array, optimizer: optimizer.state,
      random: random)
  }

  /// Puts back a snapshot taken from a trainer of the same network description.
  public func restore(_ snapshot: TrainingSnapshot) throws {
    guard snapshot.parameters.count == network.parameterCount,
      snapshot.statistics.count == network.statistics.count, optimizer.accepts(snapshot.optimizer)
    else { throw TrainingError(message: "the snapshot was taken from a different network or optimiser") }
    apply(snapshot)
  }

  /// Puts back a snapshot this trainer took, so it fits.
  private func apply(_ snapshot: TrainingSnapshot) {
    network.restore(parameters: snapshot.parameters, statistics: snapshot.statistics)
    optimizer.restore(snapshot.optimizer)
    random = snapshot.random
  }

  /// Sizes the batch buffers for batches of `rows` rows: a `batch:` larger than the data
  /// costs no more than the data itself.
  func prepare(rows: Int) {
    if loader.capacity < rows {
      loader = BatchLoader(
        capacity: rows, inputWidth: network.inputWidth, outputWidth: network.outputWidth, loss: loss)
    }
    network.reserve(rows: rows)
    parallelSteps?.replica.reserve(rows: (rows + 1) / 2)
  }

  /// Hears each step as it ends: the step's number in the attempt (from 1) and its batch loss.
  public var onStep: ((_ step: Int, _ loss: Float) -> Void)?

  // MARK: Training

  /// Trains for `config.epochs` epochs (less when early stopping, a non-finite loss or
  /// `cancellation` ends it), validating on `validation` after each epoch and calling
  /// `onEpoch` with each epoch's record. From a checkpoint, it goes on after the checkpoint's
  /// epoch as the run that wrote it did. Throws only when the data or checkpoint does not fit.
  public func train(
    on data: TrainingSet, validation: TrainingSet? = nil, cancellation: CancellationFlag? = nil,
    from resumed: TrainingCheckpoint? = nil, onEpoch: ((EpochRecord) -> Void)? = nil
  ) throws -> TrainingRun {
    try network.check(data, loss: loss, role: "training")
    if let validation { try network.check(validation, loss: loss, role: "validation") }
    if case .classes(_, let count) = data.targets, let weights = config.classWeights, weights.count != count {
      throw TrainingError(message: "there are \(weights.count) class weights for \(count) classes")
    }
    if config.classWeights != nil, case .values = data.targets {
      throw TrainingError(message: "class weights need class targets")
    }
    if hasBatchNorm && data.count < 2 {
      throw TrainingError(message: "batch normalisation needs at least 2 training rows")
    }
    if let resumed {
      if let problem = resumed.problem(for: self, rows: data.count) { throw TrainingError(message: problem) }
      apply(resumed.snapshot)
    }
    // Two threads split each batch where the network allows, for the length of this call: the
    // worker spins between steps, which only a training run should pay for.
    parallelSteps = ParallelSteps(network: network, threads: config.threads, parameters: optimizer.paddedCount)
    defer { parallelSteps = nil }
    prepare(rows: min(config.batchSize, max(data.count, validation?.count ?? 0)))
    BLAS.setThreads(parallelSteps == nil ? config.threads : 1)
    let clock = ContinuousClock()
    let start = clock.now
    var order = resumed?.order ?? Array(0..<data.count)
    return DataView.with(data) { training in
      DataView.withOptional(validation) { validation in
        order.withUnsafeMutableBufferPointer { order in
          var kept: (attempt: Int, result: Attempt, snapshot: TrainingSnapshot)?
          var losses: [Float] = []
          for attempt in 0...config.restarts {
            if attempt > 0 {
              network.initialize(seed: random.next())
              optimizer.reset()
            }
            let result = runAttempt(
              training, validation, order: order, from: resumed, cancellation: cancellation, onEpoch: onEpoch)
            losses.append(result.score)
            if result.stopReason.isInterruption {
              kept = (attempt, result, snapshot())
              break
            }
            if kept == nil || result.score < kept!.result.score { kept = (attempt, result, snapshot()) }
            if attempt == config.restarts, kept!.attempt != attempt { apply(kept!.snapshot) }
          }
          let (attempt, result, _) = kept!
          return TrainingRun(
            lossFunction: loss, history: result.history, stopReason: result.stopReason, finalEpoch: result.finalEpoch,
            telemetry: result.telemetry, attemptLosses: losses, keptAttempt: attempt,
            seconds: (clock.now - start).seconds)
        }
      }
    }
  }

  /// How one attempt (the first run or a restart) went.
  private struct Attempt {
    var history: [EpochRecord] = []
    var stopReason = StopReason.completed
    var finalEpoch: Int?
    var telemetry: Telemetry
    /// The monitored loss of the final epoch; infinity when the attempt failed.
    var score = Float.infinity
  }

  private func runAttempt(
    _ data: DataView, _ validation: DataView?, order: UnsafeMutableBufferPointer<Int>,
    from resumed: TrainingCheckpoint?,
    cancellation: CancellationFlag?, onEpoch: ((EpochRecord) -> Void)?
  ) -> Attempt {
    let clock = ContinuousClock()
    let batchSize = config.batchSize
    let stepsPerEpoch = (data.count + batchSize - 1) / batchSize
    var learningRate = LearningRate(config.schedule)
    telemetry = resumed?.telemetry ?? Telemetry(interval: config.telemetryInterval)
    telemetry.stepLosses.reserveCapacity(config.epochs * stepsPerEpoch)
    var attempt = Attempt(history: resumed?.history ?? [], telemetry: Telemetry(interval: config.telemetryInterval))
    var best = resumed?.best
    var globalStep = resumed?.steps ?? 0
    // The schedule's state (plateau's) follows from the monitored losses, so it is replayed.
    for record in attempt.history { learningRate.observe(epoch: record.epoch - 1, loss: record.monitored) }

    func finish(_ reason: StopReason, keepBest: Bool) -> Attempt {
      if keepBest, let best, best.epoch != attempt.history.count {
        apply(best.snapshot)
        attempt.finalEpoch = best.epoch
      } else {
        attempt.finalEpoch = attempt.history.isEmpty ? nil : attempt.history.count
      }
      attempt.stopReason = reason
      attempt.telemetry = telemetry
      if case .nonFiniteLoss = reason { return attempt }
      attempt.score =
        attempt.finalEpoch.map { epoch in
          let record = attempt.history[epoch - 1]
          return record.validationLoss ?? record.loss
        } ?? .infinity
      return attempt
    }

    func stopsEarly(after epoch: Int) -> Bool {
      guard let patience = config.earlyStoppingPatience, let best else { return false }
      return epoch - best.epoch >= patience
    }

    if let resumed, stopsEarly(after: resumed.epoch) {
      return finish(.earlyStopping(epoch: resumed.epoch, bestEpoch: best!.epoch), keepBest: true)
    }
    for epoch in stride(from: (resumed?.epoch ?? 0) + 1, through: config.epochs, by: 1) {
      let epochStart = clock.now
      let rate = learningRate.rate(epoch: epoch - 1)
      if config.shuffle { random.shuffle(order) }
      var lossTotal: Double = 0
      var correct = 0
      var seen = 0
      for (index, start) in stride(from: 0, to: data.count, by: batchSize).enumerated() {
        let rows = min(batchSize, data.count - start)
        // Batch statistics of a single row are undefined: a lone last row sits this epoch out.
        if rows == 1 && hasBatchNorm { continue }
        loader.load(UnsafeBufferPointer(rebasing: order[start..<start + rows]), from: data)
        globalStep += 1
        let sampled = (globalStep - 1) % config.telemetryInterval == 0
        let outcome = step(
          rows: rows, hasClasses: data.classes != nil, learningRate: rate, sample: sampled ? (epoch, globalStep) : nil)
        guard let outcome else {
          let layer = network.firstNonFiniteLayer(rows: rows)
          return finish(
            .nonFiniteLoss(
              epoch: epoch, step: index + 1, layer: layer,
              layerDescription: layer.map { network.layers[$0].description }),
            keepBest: true)
        }
        lossTotal += outcome.lossTotal
        correct += outcome.correct
        seen += rows
        telemetry.stepLosses.append(outcome.loss)
        onStep?(globalStep, outcome.loss)
        if cancellation?.isCancelled == true {
          return finish(.cancelled(epoch: epoch, step: index + 1), keepBest: false)
        }
        if globalStep == config.stepLimit {
          return finish(.stepLimit(epoch: epoch, step: index + 1), keepBest: false)
        }
      }
      let evaluation = validation.map { network.evaluate($0, loss: loss, loader: loader) }
      let record = EpochRecord(
        epoch: epoch, loss: Float(lossTotal / Double(seen)),
        accuracy: data.classes == nil ? nil : Float(correct) / Float(seen), validationLoss: evaluation?.loss,
        validationAccuracy: evaluation?.accuracy, learningRate: rate, seconds: (clock.now - epochStart).seconds)
      attempt.history.append(record)
      let monitored = record.monitored
      learningRate.observe(epoch: epoch - 1, loss: monitored)
      if config.earlyStoppingPatience != nil, best == nil || monitored < best!.loss {
        best = BestEpoch(loss: monitored, epoch: epoch, snapshot: snapshot())
      }
      epochEnd = { [history = attempt.history, steps = globalStep, best, telemetry] in
        TrainingCheckpoint(
          snapshot: self.snapshot(), history: history, order: Array(order), steps: steps, best: best,
          telemetry: telemetry)
      }
      onEpoch?(record)
      epochEnd = nil
      if stopsEarly(after: epoch) {
        return finish(.earlyStopping(epoch: epoch, bestEpoch: best!.epoch), keepBest: true)
      }
    }
    return finish(.completed, keepBest: true)
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
