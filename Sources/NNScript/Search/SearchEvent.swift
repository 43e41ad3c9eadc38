/// What a host hears while `search` runs, to draw its table of trials. Every event comes on
/// the thread running the script, whatever thread or machine the trial runs on.
public enum SearchEvent: Sendable {
  /// The search begins: how many trials at most, how many at once, and what it searches.
  case started(trials: Int, jobs: Int, parameters: [String])
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
  public let state: TrialState
  /// Epochs finished so far (over all folds), and the epochs the trial was asked for.
  public let epoch: Int
  public let epochs: Int
  /// The latest validation loss and accuracy; the trial's score once it has ended.
  public let validationLoss: Double?
  public let validationAccuracy: Double?
  /// The best score of the search so far, and the trial that has it.
  public let best: (trial: Int, loss: Double)?
}
