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

  /// The metric of a finished run, as the user reads it.
  func metric(_ outcome: TrainingOutcome) -> Double {
    let last = outcome.run.run.final ?? outcome.run.run.history.last
    if isClassification {
      guard balanced, let split = outcome.dataset.split else {
        return (last?.validationAccuracy ?? .nan).asScriptNumber
      }
      let validation = TrainingSet(outcome.dataset, rows: split.validation)
      let evaluation = try? outcome.model.network.evaluate(validation, loss: outcome.model.trainer?.config.loss)
      return (evaluation?.balancedAccuracy ?? .nan).asScriptNumber
    }
    return ((last?.validationLoss ?? .nan) * lossScale(outcome)).asScriptNumber
  }

  /// What turns a loss on a scaled target back into the target's units.
  private func lossScale(_ outcome: TrainingOutcome) -> Float {
    let scale = outcome.dataset.preparation.reduce(Float(1)) { product, step in
      if case .scaleTarget(_, let s) = step { product * s } else { product }
    }
    switch outcome.model.trainer?.config.loss ?? .inferred(for: outcome.model.network) {
    case .mse: return scale * scale
    case .mae: return scale
    default: return 1
    }
  }
}
