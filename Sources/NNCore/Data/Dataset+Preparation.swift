/// Preparation steps. Each is recorded and fitted on the training part (everything before a
/// split, and again at the split), so validation data never leaks into what the network sees.
extension Dataset {
  /// Scales every feature to zero mean and unit variance; `target` also scales a regression
  /// target (predictions are mapped back).
  public func standardized(target: Bool = false) throws -> Dataset {
    if target { try checkScalableTarget() }
    return adding(.standardize(target: target))
  }

  /// Scales every feature to [0, 1] over the training part; `target` also scales a
  /// regression target.
  public func minmaxed(target: Bool = false) throws -> Dataset {
    if target { try checkScalableTarget() }
    return adding(.minmax(target: target))
  }

  private func checkScalableTarget() throws {
    guard case .values = targets else { throw DataError(.scaledClassTarget) }
  }

  /// Encodes the named columns of numbers (by default every column of 2 to 10 distinct whole
  /// numbers, such as a coded category) as one indicator feature per value.
  public func onehot(columns: [String]? = nil) throws -> Dataset {
    let numbers = preparation.columns.filter { !$0.isText }.map(\.name)
    for name in columns ?? [] where !numbers.contains(name) {
      if preparation.columns.contains(where: { $0.name == name }) { continue }
      throw DataError("no feature '\(name)'", names: numbers)
    }
    // Sized before the features are made: each named column gives at most one indicator per
    // distinct value, each found one at most 10.
    let named = columns.map { names in
      names.compactMap { name in preparation.columns.firstIndex { $0.name == name && !$0.isText } }
    }
    let indicators =
      named?.reduce(0) { sum, c in sum + Set((0..<count).map { source[$0, c] }).count } ?? 10 * numbers.count
    try Matrix.checkMemory(rows: count, columns: features.columns + indicators, copies: 2)
    return adding(.onehot(columns: columns))
  }
}
