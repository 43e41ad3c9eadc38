/// The rows: splitting into parts, reordering, oversampling. A split refits the preparation on
/// its training part; reordering and oversampling keep what was fitted.
extension Dataset {
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
    return splitting(
      Split(train: parts.train.sorted(), validation: parts.validation.sorted(), test: parts.test.sorted()))
  }

  /// The rows in a random order; a split keeps the same rows in each part.
  public func shuffled(using rng: inout SeededGenerator) -> Dataset {
    let order = Array(0..<count).shuffled(using: &rng)
    var newIndex = [Int](repeating: 0, count: count)
    for (new, old) in order.enumerated() { newIndex[old] = new }
    let moved = split.map {
      Split(
        train: $0.train.map { newIndex[$0] }.sorted(), validation: $0.validation.map { newIndex[$0] }.sorted(),
        test: $0.test.map { newIndex[$0] }.sorted())
    }
    return selecting(order, split: moved)
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
    try Matrix.checkMemory(rows: count + adding, columns: features.columns + source.columns)
    var order = Array(0..<count)
    for group in byClass where !group.isEmpty && group.count < largest {
      for _ in group.count..<largest { order.append(group[Int(rng.next() % UInt64(group.count))]) }
    }
    var moved = split
    moved?.train += count..<order.count
    return selecting(order, split: moved)
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
