/// What a short probe showed about a finding: the metric of the unchanged recipe and of the
/// recipe with the finding's first fix, trained the same few epochs from the same seed, split
/// and initial weights, and the metric's noise, measured by the unchanged recipe trained
/// with another shuffle seed.
public struct Confirmation: Sendable {
  /// The fix the probe tried, as nnscript (`lr: 0.001`).
  public let fix: String
  /// The metric compared, as `fix` names it: `val_acc`, `val_balanced_acc` or `val_loss`.
  public let metric: String
  /// The metric of the unchanged recipe and of the changed one, after the probe's epochs.
  public let before: Double
  public let after: Double
  /// How far the metric moved between two shuffles of the unchanged recipe, or its sampling
  /// error on the validation part when that is larger: a gain must exceed it.
  public let noise: Double
  /// The epochs each probe trained.
  public let epochs: Int
  /// Whether a higher metric is better (accuracies) or a lower one (losses).
  let higherIsBetter: Bool

  /// How much the fix improved the metric, in its own units; negative when it made it worse.
  public var gain: Double {
    guard before.isFinite else { return after.isFinite ? .infinity : 0 }
    guard after.isFinite else { return -.infinity }
    return higherIsBetter ? after - before : before - after
  }

  /// Whether the gain is beyond the metric's noise.
  public var isConfirmed: Bool { gain > noise }

  /// `confirmed: val_acc 0.42 → 0.86 in a 5-epoch probe of lr: 0.001`.
  public var rendered: String {
    let verdict = isConfirmed ? "confirmed" : "not confirmed"
    return
      "\(verdict): \(metric) \(doctorFormat(Float(before))) → \(doctorFormat(Float(after))) in a \(epochs)-epoch probe of \(fix) (noise ±\(doctorFormat(Float(noise))))"
  }
}
