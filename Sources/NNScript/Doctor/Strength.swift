import Foundation

/// How far a measure lies past a finding's threshold, as the finding's strength: 1 at the
/// threshold, growing with the logarithm of the ratio (ten times past it is 1 + ln 10 ≈ 3.3),
/// scaled by the share of the run, the layers or the samples that show it. Logarithms make
/// the checks' different units comparable: a 1e-6 gradient share against a 1e-3 threshold
/// (7.9) outweighs 60 parameters a sample against 25 (1.9).
enum Strength {
  /// A measure that is a problem above `threshold`.
  static func above(_ measure: Double, _ threshold: Double, coverage: Double = 1) -> Double {
    guard measure.isFinite, threshold > 0, measure > 0 else { return measure.isNaN ? 1 : 1 + 10 * coverage }
    return (1 + log(max(measure / threshold, 1))) * min(max(coverage, 0.05), 1)
  }

  /// A measure that is a problem below `threshold`.
  static func below(_ measure: Double, _ threshold: Double, coverage: Double = 1) -> Double {
    guard measure > 0 else { return above(.infinity, 1, coverage: coverage) }
    return above(threshold / measure, 1, coverage: coverage)
  }

  /// A setup mistake the run cannot get past: it outranks what any run shows.
  static let certain: Double = 20
}
