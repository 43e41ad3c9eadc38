/// Preparation. Statistics come from the training part only (everything before a split) and
/// are applied to every part, so validation data never leaks into what the network sees.
extension Dataset {
  /// Scales every feature to zero mean and unit variance; `target` also scales a regression
  /// target (predictions are mapped back).
  public func standardized(target: Bool = false) throws -> Dataset {
    let rows = trainingRows
    var mean = [Float](repeating: 0, count: features.columns)
    var std = [Float](repeating: 1, count: features.columns)
    for j in 0..<features.columns {
      let (m, s) = Self.meanAndStd(rows.map { features[$0, j] })
      mean[j] = m
      // A constant feature stays constant (0) instead of dividing by zero.
      std[j] = s > 0 ? s : 1
    }
    var out = applying(.standardize(mean: mean, std: std))
    if target { try out.scaleTarget { Self.meanAndStd($0) } }
    return out
  }

  /// Scales every feature to [0, 1] over the training part; `target` also scales a
  /// regression target.
  public func minmaxed(target: Bool = false) throws -> Dataset {
    let rows = trainingRows
    var low = [Float](repeating: 0, count: features.columns)
    var high = [Float](repeating: 1, count: features.columns)
    for j in 0..<features.columns {
      let column = rows.map { features[$0, j] }
      low[j] = column.min() ?? 0
      high[j] = column.max() ?? 1
      if high[j] <= low[j] { high[j] = low[j] + 1 }
    }
    var out = applying(.minmax(min: low, max: high))
    if target {
      try out.scaleTarget { values in
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        return (low, high > low ? high - low : 1)
      }
    }
    return out
  }

  private func applying(_ step: PreparationStep) -> Dataset {
    var out = self
    out.features.values.withUnsafeMutableBufferPointer { values in
      var row = [Float](repeating: 0, count: features.columns)
      for r in 0..<features.rows {
        for j in row.indices { row[j] = values[r * features.columns + j] }
        step.apply(to: &row)
        for j in row.indices { values[r * features.columns + j] = row[j] }
      }
    }
    out.preparation.append(step)
    return out
  }

  /// y' = (y − shift) / scale with the statistics `fit` takes from the training targets.
  private mutating func scaleTarget(_ fit: ([Float]) -> (shift: Float, scale: Float)) throws {
    guard case .values(let values) = targets else {
      throw DataError(.scaledClassTarget)
    }
    let (shift, scale) = fit(trainingRows.map { values[$0] })
    let safeScale = scale > 0 ? scale : 1
    targets = .values(values.map { ($0 - shift) / safeScale })
    preparation.append(.scaleTarget(shift: shift, scale: safeScale))
  }

  static func meanAndStd(_ values: [Float]) -> (Float, Float) {
    guard !values.isEmpty else { return (0, 1) }
    let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
    return (Float(mean), Float(variance.squareRoot()))
  }

  /// Splits into training and validation (`validation` nil: the rest), or training,
  /// validation and test (the rest). Stratified by class, so each part keeps the class
  /// proportions.
  public func split(train: Double, validation: Double? = nil, using rng: inout SeededGenerator) throws -> Dataset {
    guard split == nil else {
      throw DataError("the dataset is already split", hint: "split once, right after loading")
    }
    guard train > 0, train < 1 else { throw DataError("the training fraction must be between 0 and 1, found \(train)") }
    if let validation {
      guard validation > 0, train + validation <= 1 else {
        throw DataError(
          "the validation fraction must be above 0 and leave room after training: \(train) + \(validation) is more than 1"
        )
      }
    }
    var parts = Split(train: [], validation: [], test: [])
    let groups: [[Int]]
    if case .classes(let labels, let names) = targets {
      var byClass = [[Int]](repeating: [], count: names.count)
      for (r, label) in labels.enumerated() { byClass[Int(label)].append(r) }
      groups = byClass
    } else {
      groups = [Array(0..<count)]
    }
    for group in groups where !group.isEmpty {
      let shuffled = group.shuffled(using: &rng)
      let trainCount = min(shuffled.count, max(1, Int((Double(shuffled.count) * train).rounded())))
      let validationCount =
        validation.map { Int((Double(shuffled.count) * $0).rounded()) } ?? (shuffled.count - trainCount)
      let validationEnd = min(shuffled.count, trainCount + validationCount)
      parts.train += shuffled[..<trainCount]
      parts.validation += shuffled[trainCount..<validationEnd]
      if validation != nil { parts.test += shuffled[validationEnd...] }
    }
    guard !parts.validation.isEmpty else {
      throw DataError("the validation part would be empty: \(count) samples are too few for a \(train) split")
    }
    var out = self
    out.split = Split(train: parts.train.sorted(), validation: parts.validation.sorted(), test: parts.test.sorted())
    return out
  }

  /// The rows in a random order; a split keeps the same rows in each part.
  public func shuffled(using rng: inout SeededGenerator) -> Dataset {
    let order = Array(0..<count).shuffled(using: &rng)
    var newIndex = [Int](repeating: 0, count: count)
    for (new, old) in order.enumerated() { newIndex[old] = new }
    var out = self
    out.features = features.rows(order)
    out.targets = Self.reorder(targets, order)
    if let split {
      out.split = Split(
        train: split.train.map { newIndex[$0] }.sorted(), validation: split.validation.map { newIndex[$0] }.sorted(),
        test: split.test.map { newIndex[$0] }.sorted())
    }
    return out
  }

  /// Oversamples the training part until every class has as many samples as the largest.
  /// Only training rows are copied, so validation stays an honest measure.
  public func balanced(using rng: inout SeededGenerator) throws -> Dataset {
    guard case .classes(let labels, let names) = targets else {
      throw DataError("balance needs classes, and this dataset's target is a value")
    }
    let rows = trainingRows
    var byClass = [[Int]](repeating: [], count: names.count)
    for r in rows { byClass[Int(labels[r])].append(r) }
    let largest = byClass.map(\.count).max() ?? 0
    let adding = byClass.filter { !$0.isEmpty }.map { largest - $0.count }.reduce(0, +)
    try Matrix.checkMemory(rows: count + adding, columns: features.columns)
    var out = self
    var newLabels = labels
    var added: [Int] = []
    for group in byClass where !group.isEmpty && group.count < largest {
      for _ in group.count..<largest {
        let source = group[Int(rng.next() % UInt64(group.count))]
        out.features.appendRow(features.row(source))
        newLabels.append(labels[source])
        added.append(out.features.rows - 1)
      }
    }
    out.targets = .classes(newLabels, names: names)
    if var split = out.split {
      split.train += added
      out.split = split
    }
    return out
  }

  /// Replaces the named feature columns (by default every column of 2 to 10 distinct whole
  /// numbers, such as a coded category) with one indicator feature per value.
  public func onehot(columns: [String]? = nil) throws -> Dataset {
    let chosen: [Int]
    if let columns {
      chosen = try columns.map { name in
        guard let j = featureNames.firstIndex(of: name) else {
          throw DataError("no feature '\(name)'", names: featureNames)
        }
        return j
      }
    } else {
      chosen = (0..<features.columns).filter { j in
        let distinct = Set((0..<count).map { features[$0, j] })
        return (2...10).contains(distinct.count) && distinct.allSatisfy { $0 == $0.rounded() }
      }
    }
    guard !chosen.isEmpty else { return self }
    // The columns out, then the matrix: sized before either is allocated.
    let indicators = chosen.map { j in Set((0..<count).map { features[$0, j] }).count }.reduce(0, +)
    try Matrix.checkMemory(rows: count, columns: features.columns - chosen.count + indicators, copies: 2)
    var names: [String] = []
    var columnsOut: [[Float]] = []
    for j in 0..<features.columns {
      let column = (0..<count).map { features[$0, j] }
      guard chosen.contains(j) else {
        names.append(featureNames[j])
        columnsOut.append(column)
        continue
      }
      for value in Array(Set(column)).sorted() {
        let label = value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
        names.append("\(featureNames[j])=\(label)")
        columnsOut.append(column.map { $0 == value ? 1 : 0 })
      }
    }
    var matrix = Matrix(rows: count, columns: columnsOut.count)
    for (j, column) in columnsOut.enumerated() { for (i, v) in column.enumerated() { matrix[i, j] = v } }
    var out = self
    out.features = matrix
    out.featureNames = names
    return out
  }

  /// Class weights n / (k · n_c) over the training part, so every class weighs the same in
  /// the loss; a class absent from training gets weight 0.
  public func balancedClassWeights() -> [Float] {
    let counts = classCounts(rows: trainingRows)
    let n = Float(counts.reduce(0, +))
    let k = Float(counts.filter { $0 > 0 }.count)
    return counts.map { $0 > 0 ? n / (k * Float($0)) : 0 }
  }

  static func reorder(_ targets: Targets, _ order: [Int]) -> Targets {
    switch targets {
    case .classes(let labels, let names): return .classes(order.map { labels[$0] }, names: names)
    case .values(let values): return .values(order.map { values[$0] })
    }
  }
}
