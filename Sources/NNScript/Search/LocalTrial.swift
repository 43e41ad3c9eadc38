import NNCore

/// A trial ready to train in this process: for each fold a run prepared by the training
/// session, a freshly compiled network's trainer with its training and validation rows.
/// Made on the script's thread; after that only the thread that trains it touches it.
final class LocalTrial: @unchecked Sendable {
  let number: Int
  /// The epochs each fold is asked for.
  let epochs: Int
  let folds: [PreparedRun]

  init(number: Int, epochs: Int, folds: [PreparedRun]) {
    self.number = number
    self.epochs = epochs
    self.folds = folds
  }

  /// Trains fold after fold, telling `report` of each epoch. The pruner, when there is one,
  /// judges the first fold's validation loss after each epoch but the last. `cancellation`
  /// stops the trial (it is then failed: a trial cut short by anyone but the pruner is no result).
  func run(
    cancellation: CancellationFlag, pruner: SuccessiveHalvingPruner?, report: @escaping (TrialMessage) -> Void
  ) -> TrialReport {
    var finals: [TrialEpoch] = []
    var epochs = 0
    var seconds = 0.0
    var pruned = false
    for (k, fold) in folds.enumerated() {
      let run: TrainingRun
      do {
        run = try fold.trainer.train(
          on: fold.training, validation: fold.validation, cancellation: cancellation,
          onEpoch: { record in
            report(.epoch(trial: self.number, fold: k, TrialEpoch(record)))
            guard k == 0, let pruner, record.epoch < self.epochs, let loss = record.validationLoss else { return }
            if pruner.shouldPrune(trial: self.number, epoch: record.epoch, loss: Double(loss)) {
              pruned = true
              cancellation.cancel()
            }
          })
      } catch let error as TrainingError {
        return TrialReport(state: .failed, epochs: epochs, seconds: seconds, message: error.phrased)
      } catch {
        return TrialReport(state: .failed, epochs: epochs, seconds: seconds, message: "\(error)")
      }
      epochs += run.history.count
      seconds += run.seconds
      if pruned {
        let last = run.history.last.map(TrialEpoch.init)
        return TrialReport(state: .pruned, finals: last.map { [$0] } ?? [], epochs: epochs, seconds: seconds)
      }
      switch run.stopReason {
      case .completed, .earlyStopping:
        if let final = run.final { finals.append(TrialEpoch(final)) }
      default:
        return TrialReport(state: .failed, epochs: epochs, seconds: seconds, message: run.stopReason.description)
      }
    }
    return TrialReport(state: .complete, finals: finals, epochs: epochs, seconds: seconds)
  }
}
