/// When `fix` keeps a change: it improves beyond chance (``Improvement``) on the best run so
/// far; while that is the baseline, on both of its shuffles, and after a kept change, on
/// that run by the shuffle's movement more. Without it, `fix` kept noise: 0.475 → 0.613 on
/// 80 rows of random labels.
struct FixThreshold {
  let judge: FixJudge
  let baseline: FixAttempt
  let reshuffled: FixAttempt

  /// How far the baseline's metric moved under another shuffle seed.
  var shuffleNoise: Double { baseline.scores.moved(to: reshuffled.scores).metric }

  /// Whether `result` improves on `best` beyond chance; any run that trains improves on a
  /// refused one. `best` is the baseline unless a change was kept before.
  func improves(_ result: FixAttempt, on best: FixAttempt, keptBefore: Bool) -> Bool {
    guard result.trained else { return false }
    guard best.trained else { return true }
    let isBaseline = !keptBefore
    var improvement = Improvement(
      judge: judge, before: best.scores, after: result.scores,
      reshuffled: isBaseline && reshuffled.trained ? reshuffled.scores : nil)
    if !isBaseline { improvement.margin = baseline.scores.moved(to: reshuffled.scores) }
    return improvement.isReal
  }
}
