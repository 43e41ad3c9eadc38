/// What a host hears while `search` runs, to draw its table of trials. Every event comes on
/// the thread running the script, whatever thread or machine the trial runs on. A search
/// with `quiet: true` sends them too, saying so as it starts, so that a host can draw nothing.
public enum SearchEvent: Sendable {
  /// The search begins: how many trials at most, how many at once, what it searches, and
  /// whether the script asked for no output.
  case started(trials: Int, jobs: Int, parameters: [String], quiet: Bool)
  /// A trial started, finished an epoch, or ended.
  case trial(SearchTrialProgress)
  /// The search ended (all trials done, or interrupted).
  case finished
}

/// One trial as it stands.
public struct SearchTrialProgress: Sendable {
  /// From 1.
  public let number: Int
  /// The trial's values, as `width 64, lr 0.00312`.
  public let settings: String
  /// Running until the trial ends, then how it ended.
  public let state: TrialState
  /// Epochs finished so far, over all folds.
  public let epoch: Int
  /// The epochs the trial was asked for, over all folds.
  public let epochs: Int
  /// The latest validation loss, or the trial's score once it has ended; nil while there is none.
  public let validationLoss: Double?
  /// The latest validation accuracy, or the final one once the trial has ended; nil for value
  /// targets and while there is none.
  public let validationAccuracy: Double?
  /// The best score of the search so far, and the trial that has it.
  public let best: (trial: Int, loss: Double)?
}
