/// New samples, from a file or a script, put into the columns and codes the preparation was
/// fitted on: columns found by name in any order, texts by their value.
extension Preparation {
  /// A value of one column of a new sample.
  public enum Cell: Sendable {
    case number(Float)
    case text(String)
    case missing
  }

  /// `values`, whose columns are `given`, in this preparation's columns and codes. A column it
  /// lacks is an error naming every one; columns it does not take are left out. `unseen`
  /// collects, per column, texts the training data never had: they are all zeros.
  public func samples(_ values: Matrix, columns given: [SourceColumn], unseen: inout [String: Set<String>]) throws
    -> Matrix
  {
    if given == columns { return values }
    let places = columns.map { column in given.firstIndex { $0.name == column.name } }
    let absent = zip(columns, places).filter { $0.1 == nil }.map(\.0.name)
    guard absent.isEmpty else {
      throw DataError(
        "the samples have no column \(absent.map { "'\($0)'" }.joined(separator: ", ")), which the network was trained with",
        names: given.map(\.name))
    }
    var out = Matrix(rows: values.rows, columns: columns.count)
    for (c, place) in places.enumerated() {
      let from = given[place!]
      let cells: (Int) -> Cell = { r in
        let value = values[r, place!]
        if value.isNaN { return .missing }
        if let levels = from.levels { return .text(levels[Int(value)]) }
        return .number(value)
      }
      let codes = Codes(column: columns[c])
      for r in 0..<values.rows { out[r, c] = try codes.code(cells(r), unseen: &unseen) }
    }
    return out
  }

  /// Rows of cells, one per column in this preparation's order, in its columns and codes.
  public func samples(_ rows: [[Cell]], unseen: inout [String: Set<String>]) throws -> Matrix {
    var out = Matrix(rows: rows.count, columns: columns.count)
    for c in columns.indices {
      let codes = Codes(column: columns[c])
      for (r, row) in rows.enumerated() { out[r, c] = try codes.code(row[c], unseen: &unseen) }
    }
    return out
  }

  /// The first sample of `features` with a value nothing filled, and the column it is missing
  /// in: a NaN there is a NaN loss, or a class made up from it.
  public func firstMissing(in features: Matrix) -> (row: Int, column: String)? {
    guard let at = features.values.firstIndex(where: \.isNaN) else { return nil }
    return (at / features.columns, column(ofFeature: at % features.columns))
  }

  /// The source column a feature comes from, for messages about it.
  public func column(ofFeature feature: Int) -> String {
    var j = 0
    for (column, encoding) in zip(columns, encodings) {
      if case .indicators(let values) = encoding { j += values.count } else { j += 1 }
      if feature < j { return column.name }
    }
    return columns.last?.name ?? ""
  }
}

/// One column's cells as the preparation codes them: a number as it is, a text as its level's
/// index, or past the last level when the training data never had it.
private struct Codes {
  let column: SourceColumn
  let index: [String: Float]

  init(column: SourceColumn) {
    self.column = column
    index = Dictionary(uniqueKeysWithValues: (column.levels ?? []).enumerated().map { ($1, Float($0)) })
  }

  func code(_ cell: Preparation.Cell, unseen: inout [String: Set<String>]) throws -> Float {
    switch cell {
    case .missing: return .nan
    case .number(let value):
      // A coded category written as a number in a new file is still the same text.
      guard column.isText else { return value }
      return code(of: Preparation.label(of: value, in: SourceColumn(name: column.name)), unseen: &unseen)
    case .text(let text):
      guard column.isText else {
        throw DataError("column '\(column.name)' holds numbers in the training data, and a sample has '\(text)' there")
      }
      return code(of: text, unseen: &unseen)
    }
  }

  private func code(of text: String, unseen: inout [String: Set<String>]) -> Float {
    if let code = index[text] { return code }
    unseen[column.name, default: []].insert(text)
    return Float(index.count)
  }
}
