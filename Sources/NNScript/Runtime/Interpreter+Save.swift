import Foundation

extension Interpreter {
  /// `save PATH` writes the trained network as safetensors; `save VALUE to: PATH` writes a
  /// table (a search's trials, a run's history, a list of records) as CSV or JSON.
  func save(
    _ value: (Value, SourceRange)?, to target: (value: Value, range: SourceRange)?, at range: SourceRange
  ) throws -> Value {
    guard let target else {
      guard let value else {
        throw Diagnostic(error: "'save' needs a file to write", at: range)
          .expecting("save \"model.safetensors\", or save s to: \"trials.csv\"")
      }
      return try saveModel(to: value, at: range)
    }
    guard let (table, tableRange) = value else { return try saveModel(to: (target.value, target.range), at: range) }
    guard let file = TableFile(table) else {
      throw Diagnostic(
        error: "save … to: writes a search's trials, a run's history or a list of records, found a \(table.typeName)",
        at: tableRange
      )
      .note("the trained network is saved with save \"model.safetensors\"")
    }
    let (shown, absolute) = try path((target.value, target.range), for: "save", what: "a file", use: .writing)
    try writeFile(Data(file.text(for: absolute).utf8), to: absolute, shown: shown, at: target.range)
    return .none
  }
}
