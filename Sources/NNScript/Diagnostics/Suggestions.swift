/// "Did you mean": the closest known name by edit distance, when it is close enough to be
/// a likely typo rather than a different word.
enum Suggestions {
  static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased())
    // About one edit per three characters; names of one or two characters are too short
    // for a guess to mean anything.
    let limit = target.count < 3 ? 0 : max(1, target.count / 3)
    guard limit > 0 else { return nil }
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
      let d = distance(target, Array(candidate.lowercased()), limit: limit)
      if d <= limit, best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
        best = (candidate, d)
      }
    }
    return best?.name
  }

  /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up
  /// early once every path exceeds `limit`.
  static func distance(_ a: [Character], _ b: [Character], limit: Int = .max) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMin = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
        rowMin = min(rowMin, value)
      }
      if rowMin > limit { return limit + 1 }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
