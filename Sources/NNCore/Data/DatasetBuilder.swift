/// Turns a CSV table into a dataset: picks the target, handles missing values, one-hot
/// encodes text features and decides whether a numeric target is classes.
struct DatasetBuilder {
  var table: CSVTable
  let name: String
  let options: CSVOptions
  /// Whether the file had no header row, so its columns are named c1, c2, ….
  var headerless = false

  /// A numeric target with at most this many distinct whole numbers is read as classes.
  static let maxInferredClasses = 20

  /// Builds the dataset, emptying the table's columns as their values move into the
  /// feature matrix so that a large file is never held twice over.
  mutating func build() throws -> Dataset {
    let targetName = options.target ?? table.header.last!
    guard let targetColumn = table.header.firstIndex(of: targetName) else {
      throw DataError(
        "no column '\(targetName)' in '\(name)'", names: table.header,
        hint: headerless ? "the file has no header row: its columns are c1 to c\(table.header.count)" : nil)
    }
    guard table.header.count >= 2 else {
      throw DataError(
        "'\(name)' has only the column '\(targetName)': there is nothing to learn from", line: 1,
        hint: "are its fields separated by something other than ',' ';' a tab or '|'? sep: sets it")
    }
    var notes: [String] = []
    let empty = emptyColumns()
    if empty.contains(targetColumn) {
      throw DataError("the target column '\(CSVLimits.quoted(targetName))' has no value in any row", line: 1)
    }
    if table.header.indices.allSatisfy({ $0 == targetColumn || empty.contains($0) }) {
      throw DataError(
        "every feature column of '\(name)' has no value in any row: there is nothing to learn from", line: 1)
    }
    for c in empty.sorted() {
      notes.append("column '\(CSVLimits.quoted(table.header[c]))' has no value in any row: left out")
    }
    // nil keeps every row, the common case, without a list of a million indices.
    let kept = try keptRows(targetColumn: targetColumn, skipping: empty, notes: &notes)
    guard kept?.isEmpty != true else { throw DataError("every row of '\(name)' has a missing value") }
    let rows = Rows(kept: kept, count: table.rowCount)
    let targets = try self.targets(table[column: targetColumn], rows: rows, notes: &notes)

    // Text columns become one indicator feature per distinct value.
    var layout: [(column: Int, category: String?)] = []
    var categories: [Int: [String]] = [:]
    for c in table.header.indices where c != targetColumn && !empty.contains(c) {
      guard case .text(let values) = table[column: c] else {
        layout.append((c, nil))
        continue
      }
      let texts = imputed(rows.select { values[$0] }, column: c, notes: &notes)
      table[column: c] = .text(texts)
      let distinct = Array(Set(texts.compactMap { $0 })).sorted()
      guard distinct.count <= options.maxCategories else {
        throw DataError(
          .tooManyCategories(
            column: CSVLimits.quoted(table.header[c]), distinct: distinct.count, limit: options.maxCategories))
      }
      categories[c] = distinct
      notes.append("column '\(table.header[c])' holds text: one-hot encoded as \(distinct.count) features")
      layout += distinct.map { (c, $0) }
    }
    let width = layout.count
    try Matrix.checkMemory(rows: rows.count, columns: width)
    var features = Matrix(rows: rows.count, columns: width)
    features.values.withUnsafeMutableBufferPointer { out in
      for (j, place) in layout.enumerated() {
        switch table[column: place.column] {
        case .numbers(let values):
          if rows.kept == nil, options.missing == .error || options.missing == .drop {
            values.forEach { i, value in out[i * width + j] = value }
          } else {
            let column = imputed(rows.select { values[$0] }, column: place.column, notes: &notes)
            for (i, value) in column.enumerated() { out[i * width + j] = value }
          }
          table[column: place.column] = .text([])  // frees the column's blocks
        case .text(let texts):
          for (i, text) in texts.enumerated() where text == place.category { out[i * width + j] = 1 }
        }
      }
    }
    let featureNames = layout.map { place in
      place.category.map { "\(table.header[place.column])=\($0)" } ?? table.header[place.column]
    }
    var dataset = Dataset(
      name: name, features: features, featureNames: featureNames, targetName: targetName, targets: targets)
    dataset.notes = notes
    return dataset
  }

  /// The columns missing in every row: left out, since no policy for missing values can fill
  /// them (a mean of nothing is NaN, and NaN in a feature is a NaN loss).
  private func emptyColumns() -> Set<Int> {
    guard table.missingCount >= table.rowCount else { return [] }
    return Set(
      table.header.indices.filter { c in
        guard case .numbers(let values) = table[column: c] else { return false }
        var present = false
        values.forEach { _, value in present = present || !value.isNaN }
        return !present
      })
  }

  /// The rows to keep: all of them, unless missing values are dropped. Without a policy
  /// for them, the first missing value is an error. Columns in `skipping` count for none.
  private func keptRows(targetColumn: Int, skipping: Set<Int>, notes: inout [String]) throws -> [Int]? {
    guard table.missingCount > 0 else { return nil }
    let all = Array(0..<table.rowCount)
    let columns = table.header.indices.filter { !skipping.contains($0) }
    switch options.missing {
    case .drop:
      let kept = all.filter { r in !columns.contains { table.isMissing(row: r, column: $0) } }
      if kept.count < all.count { notes.append("dropped \(all.count - kept.count) rows with missing values") }
      return kept
    case .error, .mean, .median:
      for r in all {
        for c in columns where table.isMissing(row: r, column: c) {
          if c == targetColumn {
            throw DataError(
              .missingValue(column: table.header[c], inTarget: true, remedies: [.drop]), line: Int(table.lines[r]))
          }
          if options.missing == .error {
            throw DataError(
              .missingValue(column: table.header[c], inTarget: false, remedies: [.mean, .median, .drop]),
              line: Int(table.lines[r]))
          }
        }
      }
      return nil
    }
  }

  private func imputed(_ values: [Float], column: Int, notes: inout [String]) -> [Float] {
    let present = values.filter { !$0.isNaN }
    guard present.count < values.count, !present.isEmpty else { return values }
    let fill: Float
    if options.missing == .median {
      let sorted = present.sorted()
      fill =
        sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    } else {
      fill = Float(present.reduce(0.0) { $0 + Double($1) } / Double(present.count))
    }
    notes.append(
      "filled \(values.count - present.count) missing values of '\(table.header[column])' with its \(options.missing.rawValue), \(DatasetDescription.format(fill))"
    )
    return values.map { $0.isNaN ? fill : $0 }
  }

  /// A text column's missing values take its commonest value.
  private func imputed(_ values: [String?], column: Int, notes: inout [String]) -> [String?] {
    let missing = values.filter { $0 == nil }.count
    guard missing > 0 else { return values }
    var counts: [String: Int] = [:]
    for case let value? in values { counts[value, default: 0] += 1 }
    let commonest = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? ""
    notes.append(
      "filled \(missing) missing values of '\(table.header[column])' with its commonest value, '\(CSVLimits.quoted(commonest))'"
    )
    return values.map { $0 ?? commonest }
  }

  private func targets(_ column: CSVTable.Column, rows: Rows, notes: inout [String]) throws -> Dataset.Targets {
    switch column {
    case .text(let values):
      guard options.classify != false else {
        throw DataError(.textTargetAsValues(target: options.target ?? table.header.last!))
      }
      let labels = rows.select { values[$0]! }
      let names = Array(Set(labels)).sorted()
      let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
      return .classes(labels.map { index[$0]! }, names: names)
    case .numbers(let values):
      let targets = rows.select { values[$0] }
      let distinct = Array(Set(targets)).sorted()
      let whole = distinct.allSatisfy { $0 == $0.rounded() }
      let asClasses = options.classify ?? (whole && distinct.count >= 2 && distinct.count <= Self.maxInferredClasses)
      guard asClasses else { return .values(targets) }
      if options.classify == nil {
        notes.append(
          "the target has \(distinct.count) whole-number values: read as classes (classify: false reads it as values)")
      }
      let names = distinct.map { $0 == $0.rounded() && abs($0) < 1e7 ? String(Int($0)) : "\($0)" }
      let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
      return .classes(targets.map { index[$0]! }, names: names)
    }
  }
}

/// The rows a dataset keeps: a list when some were dropped, else all of them.
private struct Rows {
  let kept: [Int]?
  let count: Int

  init(kept: [Int]?, count: Int) {
    self.kept = kept
    self.count = kept?.count ?? count
  }

  func select<T>(_ value: (Int) -> T) -> [T] { kept.map { $0.map(value) } ?? (0..<count).map(value) }
}
