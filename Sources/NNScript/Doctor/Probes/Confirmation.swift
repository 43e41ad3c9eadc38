/// What a short probe showed about a finding: the unchanged recipe and the recipe with the
/// finding's first fix, trained the same few epochs from the same seed, split and initial
/// weights, compared beyond the metric's noise. `doctor` attaches one to each cause it probed:
///
///     if let probe = finding.confirmation, probe.isConfirmed {
///       print("\(finding.code.rawValue): \(probe.metric) \(probe.before) → \(probe.after) with \(probe.fix)")
///     }
public struct Confirmation: Sendable {
  /// The fix the probe tried, as nnscript (`lr: 0.001`).
  public let fix: String
  /// The epochs the probe of the fix trained.
  public let epochs: Int
  let improvement: Improvement

  /// The metric compared, as `fix` names it: `val_acc`, `val_balanced_acc` or `val_loss`.
  public var metric: String { improvement.judge.name }
  /// The metric of the unchanged recipe and of the changed one, after the probe's epochs.
  public var before: Double { improvement.before.metric }
  public var after: Double { improvement.after.metric }
  /// How much the fix improved the metric, in its own units; negative when it made it worse.
  public var gain: Double { improvement.gain }
  /// The gain the metric had to exceed.
  public var noise: Double { improvement.noise }
  /// Whether the fix helped beyond chance.
  public var isConfirmed: Bool { improvement.isReal }

  /// `confirmed: val_acc 0.42 → 0.86 (noise ±0.05) in a 5-epoch probe of lr: 0.001`.
  public var rendered: String {
    "\(isConfirmed ? "confirmed" : "not confirmed"): \(improvement.rendered) in a \(epochs)-epoch probe of \(fix)"
  }
}
