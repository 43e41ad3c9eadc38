/// Runs a search's trials somewhere — threads of this process, or a cluster — and leaves
/// what they say in its inbox.
protocol TrialExecutor: AnyObject {
  /// How many trials it runs at once.
  var capacity: Int { get }
  var inbox: TrialInbox { get }
  /// Whether the search must judge pruning as epochs arrive (the trials cannot ask it).
  var prunesFromMessages: Bool { get }
  /// Starts a trial; its messages follow in the inbox, ending with `.ended`.
  func start(_ trial: PreparedTrial) throws
  /// Stops a trial early; it still ends with `.ended`.
  func stop(_ number: Int)
  /// Stops every trial, waits for them, and lets go of what it holds.
  func close()
}

/// A trial the search has made ready: its values, seed and, for this process, its trainers.
struct PreparedTrial {
  let number: Int
  let seed: UInt64
  /// The values as JSON, for a trial run elsewhere.
  let parametersJSON: String
  let local: LocalTrial
}
