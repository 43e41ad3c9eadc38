extension TrainingConfig {
  /// A setting of a configuration, or of its optimiser or schedule, as the core names it.
  public enum Field: String, Sendable, Hashable, CaseIterable {
    case epochs, batchSize, restarts, stepLimit, threads, telemetryInterval, earlyStoppingPatience
    case classWeights, huberDelta, l1, l2, clipNorm, clipValue, learningRate
    /// The optimiser's settings.
    case momentum, nesterov, beta1, beta2, eps, weightDecay, alpha
  }

  /// What a setting must be.
  public enum Requirement: Sendable, Hashable {
    /// A whole number at least this.
    case atLeast(Int)
    /// A finite number ≥ 0.
    case finiteNonNegative
    /// A finite number above 0.
    case finitePositive
    /// At least 0 and below 1.
    case fraction
    /// Nesterov's update is set, which needs a momentum above 0.
    case momentumAbove0
    /// A learning-rate schedule the schedule itself finds fault with, in its words.
    case schedule(String)

    /// Whether `value` meets the requirement (a schedule's is checked by the schedule).
    func admits(_ value: Double) -> Bool {
      switch self {
      case .atLeast(let low): value >= Double(low)
      case .finiteNonNegative: value >= 0 && value.isFinite
      case .finitePositive: value > 0 && value.isFinite
      case .fraction: value >= 0 && value < 1
      case .momentumAbove0: value > 0
      case .schedule: false
      }
    }
  }

  /// A setting that cannot be used: which one, the value it has, and what it must be. Its
  /// `description` uses the Swift names; a language names the setting in its own words.
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// The setting at fault.
    public let field: Field
    /// Its value (one of the class weights for `classWeights`); nil for a schedule.
    public let value: Double?
    /// What it must be.
    public let requirement: Requirement

    public var description: String {
      let found = value.map { ", found \($0)" } ?? ""
      switch requirement {
      case .atLeast(let low): return "\(field) must be a whole number ≥ \(low)\(found)"
      case .finiteNonNegative: return "\(field) must be a finite number ≥ 0\(found)"
      case .finitePositive: return "\(field) must be a finite number above 0\(found)"
      case .fraction: return "\(field) must be at least 0 and below 1\(found)"
      case .momentumAbove0: return "\(field) needs a momentum above 0"
      case .schedule(let reason): return reason
      }
    }
  }
}
