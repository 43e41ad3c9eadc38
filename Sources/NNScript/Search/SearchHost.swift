/// How a host takes part in `search`: it hears the trials, may say how to run one trial in
/// another process (for a cluster), and `nnscript trial` asks for one given trial instead of
/// a search.
///
///     engine.search.onEvent = { event in
///       if case .trial(let trial) = event, trial.state != .running {
///         print("trial", trial.number, trial.settings, trial.state, trial.validationLoss ?? .nan)
///       }
///     }
public struct SearchHost {
  /// Hears each search as it runs, on the script's thread.
  public var onEvent: ((SearchEvent) -> Void)?
  /// The command that runs one trial of a script on a cluster's workers: nnscript's path
  /// followed by `trial`. Without it, `cluster:` is an error.
  public var trialCommand: [String]?
  /// Set, the first `search` the script reaches runs this one trial and nothing else.
  public var trial: TrialRequest?

  /// A host that hears nothing, has no trial command (so no `cluster:`) and runs whole searches.
  public init() {}
}

/// One trial to run in place of a search: `nnscript trial --params JSON`.
public struct TrialRequest {
  /// A JSON object with a value for each searched setting: `{"width": 64, "lr": 0.003}`.
  public var parameters: String
  /// The trial's number, as the search that sent it counts.
  public var number: Int
  /// The trial's own seed: the same seed and values train the same way.
  public var seed: UInt64?
  /// The seed of the search that sent it, which picks the validation part or the folds, so
  /// that every trial judges on the same rows.
  public var searchSeed: UInt64?
  /// Receives one JSON object per epoch, as a line to print.
  public var epoch: (String) -> Void
  /// Receives the status line once the trial has ended (`"status": "complete"`, `"pruned"`,
  /// `"failed"` or `"terminated"`), and whether it completed.
  public var ended: (String, _ completed: Bool) -> Void

  /// A request to run trial `number` with the values in `parameters`. A nil seed is the one the
  /// script's own search would give: the search seed its `seed` sets, the trial seed drawn from it for `number`.
  public init(
    parameters: String, number: Int = 1, seed: UInt64? = nil, searchSeed: UInt64? = nil,
    epoch: @escaping (String) -> Void, ended: @escaping (String, Bool) -> Void
  ) {
    self.parameters = parameters
    self.number = number
    self.seed = seed
    self.searchSeed = searchSeed
    self.epoch = epoch
    self.ended = ended
  }

  /// The status line of this trial when its script failed before reaching the search:
  /// `"status": "failed"` with the script's error as the message.
  public func failedLine(_ message: String) -> String {
    TrialReport(state: .failed, message: message).json(trial: number, cancelled: false)
  }
}
