import NNCore

/// One epoch of a trial, as a trial reports it wherever it runs.
struct TrialEpoch: Sendable {
  var epoch: Int
  var loss: Double
  var accuracy: Double?
  var validationLoss: Double?
  var validationAccuracy: Double?
  var learningRate: Double
  var seconds: Double

  init(
    epoch: Int, loss: Double, accuracy: Double?, validationLoss: Double?, validationAccuracy: Double?,
    learningRate: Double, seconds: Double
  ) {
    self.epoch = epoch
    self.loss = loss
    self.accuracy = accuracy
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.learningRate = learningRate
    self.seconds = seconds
  }

  init(_ record: EpochRecord) {
    self.init(
      epoch: record.epoch, loss: Double(record.loss.asScriptNumber), accuracy: record.accuracy?.asScriptNumber,
      validationLoss: record.validationLoss?.asScriptNumber,
      validationAccuracy: record.validationAccuracy?.asScriptNumber, learningRate: record.learningRate.asScriptNumber,
      seconds: record.seconds)
  }
}

/// How a trial ended: its state and score, wherever it ran.
struct TrialReport: Sendable {
  var state: TrialState
  /// The validation loss the trial ended with: the mean over folds of each fold's final
  /// epoch (the best one under early stopping), or the last one of a pruned trial.
  var validationLoss: Double?
  /// The standard deviation of the folds' validation losses, with more than one fold.
  var validationLossStd: Double?
  var validationAccuracy: Double?
  /// Epochs trained over all folds.
  var epochs = 0
  var seconds = 0.0
  /// Why a trial failed.
  var message: String?

  init(state: TrialState, finals: [TrialEpoch] = [], epochs: Int = 0, seconds: Double = 0, message: String? = nil) {
    self.state = state
    self.epochs = epochs
    self.seconds = seconds
    self.message = message
    let losses = finals.compactMap(\.validationLoss)
    guard !losses.isEmpty else { return }
    validationLoss = Self.mean(losses)
    let accuracies = finals.compactMap(\.validationAccuracy)
    if !accuracies.isEmpty { validationAccuracy = Self.mean(accuracies) }
    if losses.count > 1 { validationLossStd = Self.standardDeviation(losses) }
  }

  static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

  /// The sample standard deviation (n − 1): what a few folds say of the spread.
  static func standardDeviation(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
  }
}

/// What trials tell the search while they run.
enum TrialMessage: Sendable {
  /// Trial `trial` finished an epoch of fold `fold` (from 0).
  case epoch(trial: Int, fold: Int, TrialEpoch)
  case ended(trial: Int, TrialReport)
}
