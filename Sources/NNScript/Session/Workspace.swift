import NNCore

/// What a session's commands work on, beside the language's own state: the current network,
/// the trained model, the doctor's last report and what that run was made of, every run for
/// `:runs`, and what the host set for training (its listener, its memory limit, Ctrl-C).
final class Workspace {
  /// The network the last `net < … >` statement defined.
  var currentNetwork: NetworkValue?
  /// The network `train` compiled and trained, with its weights.
  var model: Model?
  /// The doctor's report of the last run, and what that run was made of.
  var lastReport: DoctorReport?
  var lastRecipe: Recipe?
  /// That run itself, whose time the doctor's probes budget by; nil for a refused one.
  var lastRun: TrainingRun?
  /// The last `train` the doctor refused, kept through the rollback of a failed statement.
  var refusedRun: (recipe: Recipe, report: DoctorReport)?
  /// Every `train` of the session, for `:runs`.
  var runs: [SessionRun] = []
  /// The commands interrupted while the current input ran: a `train` with the steps it took,
  /// which a saved session replays; nil steps for what cannot stop at the same place again (`search`).
  var interruptions: [(range: SourceRange, steps: Int?)] = []
  /// Set from any thread to stop a training after its current batch.
  let cancellation = CancellationFlag()
  /// Hears each `train` as it runs.
  var onTraining: ((TrainingEvent) -> Void)?
  /// Hears each `search`, and says where its trials may run.
  var searchHost = SearchHost()
  /// The bytes a network and its batches may take, as the host set it; the machine's available
  /// memory when nil.
  var memoryLimit: Int?

  /// What a network is measured against before it is built.
  var memoryBudget: MemoryBudget { .host(bytes: memoryLimit) }

  /// The training session of the commands: the host's memory limit and its Ctrl-C. It tells
  /// nobody of its events unless given a listener.
  var trainingSession: TrainingSession { TrainingSession(budget: memoryBudget, cancellation: cancellation) }

  /// What a failed input rolls back to.
  struct Snapshot {
    let network: NetworkValue?
    let model: Model?
    let lastReport: DoctorReport?
    let lastRecipe: Recipe?
    let lastRun: TrainingRun?
  }

  var snapshot: Snapshot {
    Snapshot(network: currentNetwork, model: model, lastReport: lastReport, lastRecipe: lastRecipe, lastRun: lastRun)
  }

  func restore(_ s: Snapshot) {
    currentNetwork = s.network
    model = s.model
    lastReport = s.lastReport
    lastRecipe = s.lastRecipe
    lastRun = s.lastRun
  }
}
