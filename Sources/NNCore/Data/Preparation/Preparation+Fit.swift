/// Fitting: every statistic from the training rows alone, in the fixed order of the stages.
extension Preparation {
  /// Fits every stage on `rows` of `source` (and of `targets`, a regression target's values).
  mutating func fit(on source: Matrix, targets: [Float]?, rows: [Int]) {
    fitFills(source, rows)
    fitEncodings(source, rows)
    var encoded = encode(source.rows(rows))
    scalers = []
    for step in steps {
      switch step {
      case .standardize:
        var shift = [Float](repeating: 0, count: encoded.columns)
        var scale = [Float](repeating: 1, count: encoded.columns)
        for j in 0..<encoded.columns {
          let (mean, std) = Self.meanAndStd((0..<encoded.rows).map { encoded[$0, j] })
          shift[j] = mean
          // A constant feature stays constant (0) instead of dividing by zero.
          scale[j] = std > 0 ? std : 1
        }
        scalers.append(Scaler(kind: "standardize", shift: shift, scale: scale))
      case .minmax:
        var shift = [Float](repeating: 0, count: encoded.columns)
        var scale = [Float](repeating: 1, count: encoded.columns)
        for j in 0..<encoded.columns {
          let column = (0..<encoded.rows).map { encoded[$0, j] }
          let low = column.min() ?? 0
          let high = column.max() ?? 1
          shift[j] = low
          scale[j] = high > low ? high - low : 1
        }
        scalers.append(Scaler(kind: "minmax", shift: shift, scale: scale))
      case .onehot:
        continue
      }
      scale(&encoded, by: scalers.last!)
    }
    targetScales = []
    guard var values = targets.map({ all in rows.map { all[$0] } }) else { return }
    for step in steps where step.scalesTarget {
      let fitted: (shift: Float, scale: Float)
      if case .minmax = step {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        fitted = (low, high - low)
      } else {
        fitted = Self.meanAndStd(values)
      }
      let scale = TargetScale(shift: fitted.shift, scale: fitted.scale > 0 ? fitted.scale : 1)
      values = values.map { ($0 - scale.shift) / scale.scale }
      targetScales.append(scale)
    }
  }

  /// What fills a missing value of each column: its mean or median over the training rows, a
  /// text's commonest level. Fitted even where the training rows miss nothing, since new
  /// samples may.
  private mutating func fitFills(_ source: Matrix, _ rows: [Int]) {
    fills = Array(repeating: nil, count: columns.count)
    guard imputation != .none else { return }
    for c in columns.indices {
      var present = rows.map { source[$0, c] }.filter { !$0.isNaN }
      // A column missing in every training row is filled from the others rather than left empty.
      if present.isEmpty { present = (0..<source.rows).map { source[$0, c] }.filter { !$0.isNaN } }
      guard !present.isEmpty else { continue }
      if columns[c].isText {
        var counts: [Float: Int] = [:]
        for code in present { counts[code, default: 0] += 1 }
        // The commonest; a tie goes to the level first in order.
        fills[c] = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
      } else if imputation == .median {
        let sorted = present.sorted()
        let middle = sorted.count / 2
        fills[c] = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
      } else {
        fills[c] = Float(present.reduce(0.0) { $0 + Double($1) } / Double(present.count))
      }
    }
  }

  /// Each text column's levels seen in the training rows, and each coded category's values
  /// there, become indicators; a value the training rows lack is all zeros.
  private mutating func fitEncodings(_ source: Matrix, _ rows: [Int]) {
    let categories = categoryColumns(source, rows)
    encodings = columns.indices.map { c in
      guard columns[c].isText || categories.contains(c) else { return .value }
      let values = Set(rows.map { filled(source[$0, c], c) }.filter { !$0.isNaN })
      return .indicators(values.sorted())
    }
  }

  /// The columns of numbers a `onehot` step encodes: those it names, else each of 2 to 10
  /// distinct whole numbers in the training rows.
  private func categoryColumns(_ source: Matrix, _ rows: [Int]) -> Set<Int> {
    var chosen = Set<Int>()
    for case .onehot(let names) in steps {
      if let names {
        chosen.formUnion(names.compactMap { name in columns.firstIndex { $0.name == name } })
        continue
      }
      for c in columns.indices where !columns[c].isText {
        let distinct = Set(rows.map { filled(source[$0, c], c) })
        if (2...10).contains(distinct.count), distinct.allSatisfy({ $0 == $0.rounded() }) { chosen.insert(c) }
      }
    }
    return chosen
  }

  /// A value with its column's fill in place of a missing one.
  func filled(_ value: Float, _ column: Int) -> Float { value.isNaN ? fills[column] ?? .nan : value }

  static func meanAndStd(_ values: [Float]) -> (Float, Float) {
    guard !values.isEmpty else { return (0, 1) }
    let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
    return (Float(mean), Float(variance.squareRoot()))
  }
}
