import NNCore

/// How `fix` compares runs. Accuracy for classes, but balanced accuracy (the mean recall per
/// class) when one class dominates, since plain accuracy rewards ignoring the rare class;
/// the validation loss for values, in the target's own units, so that a fix that rescales
/// the target is compared like for like.
struct FixJudge {
  let balanced: Bool
  let isClassification: Bool

  init(_ dataset: Dataset) {
    isClassification = dataset.isClassification
    balanced = DatasetDescription(dataset, rowChecks: false).warnings.contains {
      $0.code == Finding.Code.classImbalance.rawValue
    }
  }

  var name: String { isClassification ? (balanced ? "val_balanced_acc" : "val_acc") : "val_loss" }

  /// Whether a higher metric is better: accuracies, not losses.
  var higherIsBetter: Bool { isClassification }

  /// The metric of a finished run, as the user reads it.
  func metric(_ outcome: TrainingOutcome) -> Double {
    metric(
      outcome.run.run, network: outcome.model.network, loss: outcome.model.trainer?.config.loss,
      dataset: outcome.dataset)
  }

  /// The metric of `run`, which trained `network` with `loss` on `dataset` and its split.
  func metric(_ run: TrainingRun, network: Network, loss: Loss?, dataset: Dataset) -> Double {
    let last = run.final ?? run.history.last
    if isClassification {
      guard balanced, let split = dataset.split else {
        return (last?.validationAccuracy ?? .nan).asScriptNumber
      }
      let validation = TrainingSet(dataset, rows: split.validation)
      let evaluation = try? network.evaluate(validation, loss: loss)
      return (evaluation?.balancedAccuracy ?? .nan).asScriptNumber
    }
    return ((last?.validationLoss ?? .nan) * lossScale(dataset, loss: loss ?? .inferred(for: network))).asScriptNumber
  }

  /// What turns a target scaled by the data's preparation back into its own units.
  func targetScale(_ dataset: Dataset) -> Float {
    dataset.preparation.targetUnit
  }

  /// What turns a loss on a scaled target back into the target's units.
  private func lossScale(_ dataset: Dataset, loss: Loss) -> Float {
    let scale = targetScale(dataset)
    switch loss {
    case .mse: return scale * scale
    case .mae: return scale
    default: return 1
    }
  }
}
