/// Where a run stands at the end of an epoch: everything `Trainer.train(…, from:)` needs to go
/// on from there exactly as the uninterrupted run did, step for step and bit for bit.
public struct TrainingCheckpoint: Sendable {
  /// Parameters, running statistics, optimiser and random state after the epoch.
  public let snapshot: TrainingSnapshot
  /// The epochs done so far; the checkpoint's epoch is the last one's.
  public let history: [EpochRecord]
  /// The training rows in the order the last shuffle left them: each shuffle starts from it.
  public let order: [Int]
  /// Steps taken so far, which the step limit and telemetry sampling count.
  public let steps: Int
  /// The best epoch so far under early stopping, whose state the run goes back to.
  public let best: BestEpoch?
  /// The telemetry so far, so the doctor reads the whole run.
  public let telemetry: Telemetry

  /// A checkpoint from its parts, as read back from disk. `Trainer.train(…, from:)` throws a
  /// `TrainingError` when it does not fit the trainer, its configuration or the training rows.
  public init(
    snapshot: TrainingSnapshot, history: [EpochRecord], order: [Int], steps: Int, best: BestEpoch?,
    telemetry: Telemetry
  ) {
    self.snapshot = snapshot
    self.history = history
    self.order = order
    self.steps = steps
    self.best = best
    self.telemetry = telemetry
  }

  /// The epoch reached (0 before the first).
  public var epoch: Int { history.count }

  /// Why `trainer` cannot go on from this checkpoint over `rows` training rows, or nil.
  public func problem(for trainer: Trainer, rows: Int) -> String? {
    if trainer.config.restarts > 0 { return "a run with restarts cannot go on from a checkpoint" }
    if history.indices.contains(where: { history[$0].epoch != $0 + 1 }) {
      return "the history's epochs are out of order"
    }
    if epoch > trainer.config.epochs { return "the checkpoint is past the run's last epoch" }
    if steps < 0 { return "the step count is negative" }
    guard order.count == rows else { return "the row order has \(order.count) rows, the training data \(rows)" }
    var seen = [Bool](repeating: false, count: rows)
    for row in order {
      guard seen.indices.contains(row), !seen[row] else { return "the row order is not a permutation of the rows" }
      seen[row] = true
    }
    if let best, !(1...max(epoch, 1)).contains(best.epoch) { return "the best epoch is outside the history" }
    for state in [snapshot] + (best.map { [$0.snapshot] } ?? []) where !trainer.fits(state) {
      return "the saved state does not fit the network or the optimiser"
    }
    return nil
  }
}

/// The best epoch under early stopping: its monitored loss and the state after it.
public struct BestEpoch: Sendable {
  /// The monitored loss after the epoch: validation loss, else training loss.
  public let loss: Float
  /// The epoch, from 1.
  public let epoch: Int
  /// The state after the epoch, which the run goes back to when it stops early.
  public let snapshot: TrainingSnapshot

  /// The best epoch from its parts, as a checkpoint file stores them.
  public init(loss: Float, epoch: Int, snapshot: TrainingSnapshot) {
    self.loss = loss
    self.epoch = epoch
    self.snapshot = snapshot
  }
}

extension Trainer {
  /// While `onEpoch` runs, the state at the end of that epoch; nil at any other time.
  public func checkpoint() -> TrainingCheckpoint? { epochEnd?() }

  /// Whether `snapshot` has this trainer's shape: as many parameters, statistics and
  /// optimiser values.
  func fits(_ snapshot: TrainingSnapshot) -> Bool {
    snapshot.parameters.count == network.parameterCount && snapshot.statistics.count == network.statistics.count
      && optimizer.accepts(snapshot.optimizer)
  }
}

extension TrainingSnapshot {
  /// `network`'s current parameters and statistics with the given optimiser and random
  /// states: a checkpoint read layer by layer becomes a snapshot again.
  public init(network: Network, optimizerStep: Int, optimizerSlots: [[Float]], random: SeededGenerator) {
    self.init(
      parameters: network.parameters.array, statistics: network.statistics.array,
      optimizer: OptimizerState(step: optimizerStep, slots: optimizerSlots), random: random)
  }

  /// The parameters and statistics layer by layer (nil for layers without any), so that a
  /// checkpoint is written layer by layer. They are read through `scratch`, a network laid out
  /// as the snapshot's, whose own values they overwrite; nil when its layout is another.
  public func layers(through scratch: Network) -> [LayerParameters?]? {
    guard parameters.count == scratch.parameterCount, statistics.count == scratch.statistics.count else {
      return nil
    }
    scratch.restore(parameters: parameters, statistics: statistics)
    return scratch.layers.indices.map { scratch.parameters(ofLayer: $0) }
  }
}

// MARK: Records as rows of numbers, as checkpoint files keep them: a Double holds every Float,
// count and wall time exactly, and a mask says which optional values are there.

extension EpochRecord {
  /// `[epoch, mask, loss, acc, val_loss, val_acc, lr, seconds]`, the mask's bits 1, 2 and 4
  /// saying which of acc, val_loss and val_acc there are (0 stands for a missing one).
  public var row: [Double] {
    let optionals = [accuracy, validationLoss, validationAccuracy]
    return [Double(epoch), Double(Row.mask(optionals)), Double(loss)] + optionals.map { Double($0 ?? 0) }
      + [Double(learningRate), seconds]
  }

  /// The record a `row` describes; nil for a row that describes none.
  public init?(row: [Double]) {
    guard row.count == 8, let epoch = Row.whole(row[0]), epoch >= 1, let optionals = Row.optionals(row[1], row[3..<6])
    else { return nil }
    self.init(
      epoch: epoch, loss: Float(row[2]), accuracy: optionals[0], validationLoss: optionals[1],
      validationAccuracy: optionals[2], learningRate: Float(row[6]), seconds: row[7])
  }
}

extension TelemetrySample {
  /// `[epoch, step, loss, gradient norm, lr, layers]`: the last says how many of the layer
  /// rows that follow the previous samples' are this sample's.
  public var row: [Double] {
    [Double(epoch), Double(step), Double(loss), Double(gradientNorm), Double(learningRate), Double(layers.count)]
  }

  /// The sample a `row` describes, with its layers; nil for a row that describes none.
  public init?(row: [Double], layers: [LayerTelemetry]) {
    guard row.count == 6, let epoch = Row.whole(row[0]), let step = Row.whole(row[1]), row[5] == Double(layers.count)
    else { return nil }
    self.init(
      epoch: epoch, step: step, loss: Float(row[2]), gradientNorm: Float(row[3]), learningRate: Float(row[4]),
      layers: layers)
  }
}

extension LayerTelemetry {
  /// `[layer, mask, gradient norm, weight norm, update ratio, inactive units, inactive outputs,
  /// saturated outputs, first step's gradient, last step's gradient]`, the mask's bits saying
  /// which of the eight there are.
  public var row: [Double] {
    let optionals = [
      gradientNorm, weightNorm, updateRatio, inactiveUnits, inactiveOutputs, saturatedOutputs, firstStepGradient,
      lastStepGradient,
    ]
    return [Double(layer), Double(Row.mask(optionals))] + optionals.map { Double($0 ?? 0) }
  }

  /// The layer's measurements a `row` describes; nil for a row that describes none. Rows of
  /// 8, from checkpoints written before recurrent layers, have no step gradients.
  public init?(row: [Double]) {
    guard row.count == 8 || row.count == 10, let layer = Row.whole(row[0]),
      let optionals = Row.optionals(row[1], row[2...])
    else {
      return nil
    }
    self.init(
      layer: layer, gradientNorm: optionals[0], weightNorm: optionals[1], updateRatio: optionals[2],
      inactiveUnits: optionals[3], inactiveOutputs: optionals[4], saturatedOutputs: optionals[5],
      firstStepGradient: optionals.count > 6 ? optionals[6] : nil,
      lastStepGradient: optionals.count > 7 ? optionals[7] : nil)
  }
}

extension Telemetry {
  /// Telemetry as a checkpoint kept it.
  public init(interval: Int, stepLosses: [Float], sampled samples: [TelemetrySample]) {
    self.init(interval: interval)
    self.stepLosses = stepLosses
    self.samples = samples
  }
}

/// What the row forms above share.
private enum Row {
  /// Bit i set when value i is there.
  static func mask(_ values: [Float?]) -> Int {
    values.enumerated().reduce(0) { mask, item in item.element == nil ? mask : mask | 1 << item.offset }
  }

  /// The values a mask keeps; nil when the mask is not one.
  static func optionals(_ mask: Double, _ values: ArraySlice<Double>) -> [Float?]? {
    guard let bits = whole(mask), bits >= 0, bits < 1 << values.count else { return nil }
    return values.enumerated().map { i, value in bits & 1 << i == 0 ? nil : Float(value) }
  }

  /// A count or index written as a Double; nil when it is not a whole number an Int holds.
  static func whole(_ value: Double) -> Int? {
    value == value.rounded() && abs(value) < 0x1p53 ? Int(exactly: value) : nil
  }
}

extension EpochRecord {
  /// The loss early stopping and plateau watch: validation loss, else training loss.
  var monitored: Float { validationLoss ?? loss }
}
