/// Whether a changed run improves on the unchanged one beyond chance, as `fix` keeps a change
/// and the doctor confirms a cause. The unchanged recipe is trained twice, the second time
/// under another shuffle seed, and the changed run must beat both by more than two standard
/// errors of their row-by-row difference (``PairedScores``): for a run as erratic as Adam at
/// lr 10, two shuffles land far apart, and a fix must clear the better of them. For classes,
/// a validation cross-entropy that falls by a quarter or more beyond that noise, with the
/// accuracy no lower, counts too: a run at lr 10 that scores 0.93 on iris with a loss of 25
/// is not as good as one at 1.0 with 0.1.
struct Improvement: Sendable {
  let judge: FixJudge
  /// The unchanged run, and the changed one.
  let before: PairedScores
  let after: PairedScores
  /// The unchanged recipe under another shuffle seed, when it was trained.
  let reshuffled: PairedScores?
  /// What the changed run must gain on top of the noise: how far the shuffle moved the
  /// baseline, when `before` is a run kept after it rather than the baseline itself.
  var margin: (metric: Double, loss: Double) = (0, 0)

  /// A loss that falls by less than this share is not counted beside the metric.
  static let lossShare = 0.25

  private var references: [PairedScores] { [before] + (reshuffled.map { [$0] } ?? []) }

  /// The metric's gain over the unchanged run, in its own units; negative when it got worse.
  var gain: Double { Self.gain(judge.higherIsBetter, from: before.metric, to: after.metric) }

  /// The noise the gain is measured against: how far the shuffle moved the unchanged run,
  /// or two standard errors row by row, whichever is larger.
  var noise: Double {
    let moved = reshuffled.map { before.moved(to: $0).metric } ?? 0
    return max(moved, PairedScores.noise(after.rows, before.rows)) + margin.metric
  }

  /// Whether the metric beats every unchanged run beyond the noise.
  var metricGained: Bool {
    references.allSatisfy { reference in
      Self.gain(judge.higherIsBetter, from: reference.metric, to: after.metric)
        > PairedScores.noise(after.rows, reference.rows) + margin.metric
    }
  }

  /// Whether the validation cross-entropy fell by a quarter below every unchanged run,
  /// beyond the noise.
  var lossFell: Bool {
    guard judge.isClassification, after.loss.isFinite else { return false }
    return references.allSatisfy { reference in
      let fall = reference.loss - after.loss
      return fall > Self.lossShare * reference.loss
        && fall > PairedScores.noise(after.lossRows, reference.lossRows) + margin.loss
    }
  }

  var isReal: Bool { metricGained || (gain >= 0 && lossFell) }

  /// `val_acc 0.42 → 0.86 (noise ±0.05)`, and the loss when it is what counted.
  var rendered: String {
    var text =
      "\(judge.name) \(doctorFormat(Float(before.metric))) → \(doctorFormat(Float(after.metric))) (noise ±\(doctorFormat(Float(noise))))"
    if lossFell && !metricGained {
      text += ", val_loss \(doctorFormat(Float(before.loss))) → \(doctorFormat(Float(after.loss)))"
    }
    return text
  }

  private static func gain(_ higherIsBetter: Bool, from a: Double, to b: Double) -> Double {
    guard a.isFinite else { return b.isFinite ? .infinity : 0 }
    guard b.isFinite else { return -.infinity }
    return higherIsBetter ? b - a : a - b
  }
}
