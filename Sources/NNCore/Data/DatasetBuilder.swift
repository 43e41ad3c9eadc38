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

  /// What the reader noted before the table was built: the separator, a missing header.
  var notes: [String] = []

  /// Builds the dataset, emptying the table's columns as their values move into the sample
  /// matrix so that a large file is never held twice over.
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
    if emptyColumns().contains(targetColumn) {
      throw DataError("the target column '\(CSVLimits.quoted(targetName))' has no value in any row", line: 1)
    }
    noteEmptyColumns()
    let kept = try keptRows(targetColumn: targetColumn)
    let targets = try self.targets(table[column: targetColumn], rows: Rows(kept: kept, count: table.rowCount))
    let samples = try self.samples(without: targetColumn, kept: kept)
    var dataset = Dataset(
      name: name, source: samples.values, preparation: Preparation(columns: samples.columns, imputation: imputation),
      targetName: targetName, targets: targets, ids: samples.ids)
    dataset.notes = samples.notes + Self.fillNotes(dataset)
    dataset.warnings = samples.warnings
    return dataset
  }

  /// The samples without a target, to predict on: `target`'s column, when the file has it, is
  /// left out, and so are the rows a drop policy drops.
  mutating func samples(target: String?) throws -> Samples {
    let targetColumn = target.flatMap { table.header.firstIndex(of: $0) }
    // A target the file may have is no sample's value: a missing one is nothing to refuse. A
    // column with no value is kept, its values all missing, for the model's fills to take.
    return try samples(without: targetColumn, kept: try keptRows(targetColumn: nil), keepingEmpty: true)
  }

  /// The features' columns as read: numbers with NaN where missing, a text as its code among
  /// the column's sorted levels. Id columns go beside them.
  private mutating func samples(without targetColumn: Int?, kept: [Int]?, keepingEmpty: Bool = false) throws
    -> Samples
  {
    var out = Samples(values: Matrix(rows: 0, columns: 0), columns: [], ids: [], notes: notes, warnings: [])
    guard kept?.isEmpty != true else { throw DataError("every row of '\(name)' has a missing value") }
    let empty = keepingEmpty ? [] : emptyColumns()
    for id in options.namedIds where !table.header.contains(id) {
      throw DataError("no column '\(id)' in '\(name)' to read as ids", names: table.header)
    }
    let features = table.header.indices.filter { $0 != targetColumn && !empty.contains($0) }
    if features.allSatisfy({ options.namedIds.contains(table.header[$0]) }) {
      throw DataError(
        "every feature column of '\(name)' has no value in any row or is an id: there is nothing to learn from",
        line: 1)
    }
    let rows = Rows(kept: kept, count: table.rowCount)
    var codes: [Int: [Float]] = [:]
    for c in features {
      let columnName = table.header[c]
      guard case .text(let values) = table[column: c] else {
        out.columns.append(SourceColumn(name: columnName))
        if let warning = Self.countingWarning(table[column: c], name: columnName) { out.warnings.append(warning) }
        continue
      }
      let texts = rows.select { values[$0] }
      table[column: c] = .text([])
      if options.namedIds.contains(columnName) {
        out.ids.append(IdColumn(name: columnName, values: texts.map { $0 ?? "" }))
        continue
      }
      let levels = Array(Set(texts.compactMap { $0 })).sorted()
      // A text in every row its own names the rows, as an id does: encoded, it would be as
      // many features as rows and teach nothing. Ids named by the user are all there are.
      if options.ids == nil, levels.count == texts.count, texts.count >= Self.fewestRowsForAnId {
        out.ids.append(IdColumn(name: columnName, values: texts.map { $0 ?? "" }))
        out.warnings.append(
          "column '\(CSVLimits.quoted(columnName))' has a different text in each of its \(texts.count) rows: it looks like an id, so it is kept as one, out of the features (id: names the id columns, and id: [] encodes it)"
        )
        continue
      }
      guard levels.count <= options.maxCategories else {
        throw DataError(
          .tooManyCategories(column: CSVLimits.quoted(columnName), distinct: levels.count, limit: options.maxCategories)
        )
      }
      let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Float($0)) })
      codes[out.columns.count] = texts.map { $0.map { index[$0]! } ?? .nan }
      out.notes.append("column '\(columnName)' holds text: one-hot encoded as \(levels.count) features")
      out.columns.append(SourceColumn(name: columnName, levels: levels))
    }
    let sourceColumns = features.filter { c in !out.ids.contains { $0.name == table.header[c] } }
    let width = sourceColumns.count
    try Matrix.checkMemory(rows: rows.count, columns: width)
    var values = Matrix(rows: rows.count, columns: width)
    values.values.withUnsafeMutableBufferPointer { out in
      for (j, c) in sourceColumns.enumerated() {
        if let column = codes[j] {
          for (i, code) in column.enumerated() { out[i * width + j] = code }
          continue
        }
        guard case .numbers(let numbers) = table[column: c] else { continue }
        if let kept {
          for (i, r) in kept.enumerated() { out[i * width + j] = numbers[r] }
        } else {
          numbers.forEach { i, value in out[i * width + j] = value }
        }
        table[column: c] = .text([])  // frees the column's blocks
      }
    }
    out.values = values
    guard !out.columns.isEmpty else {
      throw DataError(
        "every feature column of '\(name)' has no value in any row or is an id: there is nothing to learn from",
        line: 1)
    }
    return out
  }

  /// Says which columns are left out for having no value in any row.
  private mutating func noteEmptyColumns() {
    for c in emptyColumns().sorted() {
      notes.append("column '\(CSVLimits.quoted(table.header[c]))' has no value in any row: left out")
    }
  }

  /// Fewer rows than this may hold a different text in each by chance.
  static let fewestRowsForAnId = 20

  /// A warning for a column of whole numbers that counts its rows (1, 2, 3 … in some order):
  /// a row number or an id, which as a feature lets a network learn the file's order.
  private static func countingWarning(_ column: CSVTable.Column, name: String) -> String? {
    guard case .numbers(let values) = column, values.count >= fewestRowsForAnId else { return nil }
    var seen = Set<Float>()
    var low = Float.infinity
    var high = -Float.infinity
    var counting = true
    values.forEach { _, value in
      guard counting else { return }
      counting = value == value.rounded() && seen.insert(value).inserted
      low = min(low, value)
      high = max(high, value)
    }
    guard counting, high - low == Float(values.count - 1) else { return nil }
    return
      "column '\(CSVLimits.quoted(name))' numbers the rows (\(DatasetDescription.format(low)) to \(DatasetDescription.format(high))): it looks like an id, and as a feature it lets a network learn the file's order (id: keeps it out of the features)"
  }

  private var imputation: Imputation {
    switch options.missing {
    case .mean: return .mean
    case .median: return .median
    case .error, .drop: return .none
    }
  }

  /// What the fitted fills stand in for, column by column: counted in the samples, filled
  /// from the training part once it is split.
  private static func fillNotes(_ dataset: Dataset) -> [String] {
    let preparation = dataset.preparation
    guard preparation.imputation != .none else { return [] }
    return preparation.columns.indices.compactMap { c in
      let missing = (0..<dataset.count).filter { dataset.source[$0, c].isNaN }.count
      guard missing > 0 else { return nil }
      let column = preparation.columns[c]
      guard let fill = preparation.fills[c] else { return nil }
      let with =
        column.isText
        ? "its commonest value, '\(CSVLimits.quoted(Preparation.label(of: fill, in: column)))'"
        : "its \(preparation.imputation.rawValue), \(DatasetDescription.format(fill))"
      return
        "filled \(missing) missing values of '\(CSVLimits.quoted(column.name))' with \(with) (a split fits it on the training part alone)"
    }
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
  /// for them, the first missing value is an error. Empty columns and ids count for none.
  private mutating func keptRows(targetColumn: Int?) throws -> [Int]? {
    guard table.missingCount > 0 else { return nil }
    let all = Array(0..<table.rowCount)
    let empty = emptyColumns()
    let columns = table.header.indices.filter { !empty.contains($0) && !options.namedIds.contains(table.header[$0]) }
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

  private mutating func targets(_ column: CSVTable.Column, rows: Rows) throws -> Dataset.Targets {
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

/// Samples as read from a file, for a dataset or for a model's preparation to take: one row
/// each, one column per `columns`, a text as its code, a missing value NaN.
public struct Samples: Sendable {
  /// One row per sample.
  public var values: Matrix
  /// What each column of `values` holds.
  public var columns: [SourceColumn]
  /// The id columns, one value per sample.
  public var ids: [IdColumn]
  /// What the reader decided that the user should hear about.
  public var notes: [String]
  /// What looks wrong in the file without stopping it (a column that looks like an id).
  public var warnings: [String]
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
