import NNCore

/// What a host hears while `train` runs, to draw progress: the run starting, each step and
/// each epoch as they end, the doctor's findings, and the run ending. A run with `quiet: true`
/// sends them too, saying so as it starts, so that a host can draw nothing for it;
/// `fix`'s retrainings and the folds of a cross-validation send none.
///
///     engine.onTraining = { event in
///       switch event {
///       case .epoch(let progress): print("epoch \(progress.epoch)/\(progress.epochs)", progress.loss)
///       case .finding(let finding): print(finding.code.rawValue + ":", finding.cause)
///       case .finished(let stopped): print(stopped ?? "completed")
///       case .started, .step: break
///       }
///     }
public enum TrainingEvent: Sendable {
  /// The run started, asked for `epochs` epochs; `quiet` when the script asked for no output.
  case started(epochs: Int, quiet: Bool)
  /// A step (batch) ended: its number in the run, from 1, and its loss.
  case step(Int, loss: Double)
  /// An epoch ended, with its metrics.
  case epoch(EpochProgress)
  /// A finding of the doctor's, before the first step (the setup) or after the run.
  case finding(Finding)
  /// The run ended; `stopped` says why when it did not complete every epoch.
  case finished(stopped: String?)
}

/// One finished epoch of a running `train`.
public struct EpochProgress: Sendable {
  /// The epoch that ended, from 1.
  public let epoch: Int
  /// The epochs the run was asked for.
  public let epochs: Int
  /// The mean training loss over the epoch.
  public let loss: Double
  /// The training accuracy over the epoch; nil for value targets.
  public let accuracy: Double?
  /// The loss on the validation part after the epoch.
  public let validationLoss: Double?
  /// The accuracy on the validation part after the epoch.
  public let validationAccuracy: Double?
  /// The learning rate the epoch trained with.
  public let learningRate: Double
  /// Seconds since the run started.
  public let elapsed: Double
  /// The metrics `train`'s `metrics:` follows, on the validation part after the epoch, by
  /// the names the history gives them (`val_f1`); nil where undefined (a class absent).
  public var validationMetrics: [(name: String, value: Double?)] = []
}

extension EpochProgress {
  init(_ record: EpochRecord, of epochs: Int, since start: ContinuousClock.Instant, clock: ContinuousClock) {
    let elapsed = clock.now - start
    self.init(
      epoch: record.epoch, epochs: epochs, loss: Double(record.loss), accuracy: record.accuracy.map(Double.init),
      validationLoss: record.validationLoss.map(Double.init),
      validationAccuracy: record.validationAccuracy.map(Double.init), learningRate: Double(record.learningRate),
      elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
}
