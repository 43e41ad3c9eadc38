/// How a trial ended, or that it has not.
public enum TrialState: String, Sendable {
  /// Still training.
  case running
  /// Every epoch ran: the trial's score counts.
  case complete
  /// The pruner stopped it early: its last validation loss counts only against other
  /// trials stopped as late.
  case pruned
  /// It diverged, broke or was lost: it counts as no result.
  case failed
}

/// What a sampler knows of one trial: the values it tried and how it went.
struct TrialObservation: Sendable {
  /// From 1, in the order trials were proposed.
  let number: Int
  /// One value per parameter, in the samplers' numbers (a choice's index).
  let point: [Double]
  /// Running until the trial ends, then how it ended.
  var state: TrialState
  /// The score: the final validation loss (the mean over folds) of a complete trial, the
  /// last one of a pruned trial.
  var score: Double?
  /// Epochs the trial trained (the first fold's, with folds).
  var epochs: Int
}

extension [TrialObservation] {
  /// The trials that carry a result, best first: complete ones by score, then pruned ones,
  /// those that went further first (Optuna orders pruned trials the same way). Failed and
  /// running trials are left out.
  func ranked() -> [TrialObservation] {
    filter { ($0.state == .complete || $0.state == .pruned) && $0.score?.isFinite == true }.sorted { a, b in
      if a.state != b.state { return a.state == .complete }
      if a.state == .pruned, a.epochs != b.epochs { return a.epochs > b.epochs }
      return a.score! != b.score! ? a.score! < b.score! : a.number < b.number
    }
  }
}
