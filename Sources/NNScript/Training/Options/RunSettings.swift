import NNCore

/// Everything the options of one `train` set: the core's configuration, and what only the
/// session does with the run.
struct RunSettings: Equatable {
  var config: TrainingConfig
  /// Print no summary line or findings.
  var quiet = false
  /// The metrics followed on the validation part each epoch (`metrics:`).
  var metrics: [ValidationMetric] = []

  /// A run as it starts before its options: the core's defaults, with the run's seed.
  init(seed: UInt64) { config = TrainingConfig(seed: seed) }
}
