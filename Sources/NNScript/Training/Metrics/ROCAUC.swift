/// The area under the ROC curve: the chance that a random positive sample scores above a
/// random negative one, a tie counting half. It is computed from ranks (the Mann–Whitney U
/// statistic, tied scores taking their average rank), which equals the trapezoidal area
/// under the curve, ties included.
enum ROCAUC {
  /// The area for `scores` where `positive` says which samples are positive; nil when there
  /// is no positive or no negative sample (the area is undefined, not 0.5) or a score is NaN.
  static func area(scores: [Double], positive: [Bool]) -> Double? {
    let positives = positive.filter { $0 }.count
    let negatives = positive.count - positives
    guard positives > 0, negatives > 0, !scores.contains(where: \.isNaN) else { return nil }
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var positiveRanks = 0.0
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
      // Ranks start..end (from 1: start+1 ... end+1) share their mean.
      let rank = Double(start + end + 2) / 2
      for i in start...end where positive[order[i]] { positiveRanks += rank }
      start = end + 1
    }
    let u = positiveRanks - Double(positives) * Double(positives + 1) / 2
    return u / (Double(positives) * Double(negatives))
  }

  /// One class against the rest, for each class: `scores[i][c]` is sample `i`'s score for
  /// class `c`. Nil for a class the part has no sample of, or only samples of.
  static func oneVsRest(scores: [[Double]], truth: [Int], classes: Int) -> [Double?] {
    (0..<classes).map { c in area(scores: scores.map { $0[c] }, positive: truth.map { $0 == c }) }
  }
}
