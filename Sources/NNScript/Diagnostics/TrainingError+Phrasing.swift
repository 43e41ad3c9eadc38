import NNCore

/// The core's training errors in the words of `train`'s options.
extension TrainingError {
  /// What does not fit, one phrase with no final period.
  var phrased: String { setting?.phrased ?? message }
}

extension TrainingConfig.Problem {
  /// The setting and what it must be, naming it as a script does.
  var phrased: String {
    let name = Self.names[field] ?? field.rawValue
    switch requirement {
    case .atLeast(0): return "\(name) must be ≥ 0"
    case .atLeast(let low): return "\(name) must be at least \(low)\(field == .telemetryInterval ? " step" : "")"
    case .finiteNonNegative where field == .classWeights: return "\(name) must be finite numbers ≥ 0"
    case .finiteNonNegative: return "\(name) must be a finite number ≥ 0"
    case .finitePositive where field == .huberDelta: return "\(name) must be above 0"
    case .finitePositive: return "\(name) must be a finite number above 0"
    case .fraction: return "\(name) must be at least 0 and below 1"
    case .momentumAbove0: return "\(name) needs a momentum above 0"
    case .schedule(let reason): return reason
    }
  }

  /// How messages name the settings whose words are not their Swift names: `clip` and
  /// `clipvalue` as the options are spelled, the rest in plain words.
  private static let names: [TrainingConfig.Field: String] = [
    .batchSize: "the batch size", .stepLimit: "the step limit", .telemetryInterval: "the telemetry interval",
    .earlyStoppingPatience: "the early-stopping patience", .classWeights: "class weights", .huberDelta: "huber's delta",
    .clipNorm: "clip", .clipValue: "clipvalue", .learningRate: "the learning rate", .momentum: "the momentum",
    .weightDecay: "the weight decay",
  ]
}
