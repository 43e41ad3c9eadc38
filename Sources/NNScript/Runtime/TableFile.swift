import Foundation

/// A table of records as a file: what `save VALUE to: PATH` writes for a search's trials, a
/// run's history or any list of records. CSV, or JSON when the path ends in `.json`.
struct TableFile {
  let rows: [Record]

  /// The table `value` holds: a search's `trials`, a run's `history`, or a list of records;
  /// nil for other values.
  init?(_ value: Value) {
    var value = value
    if case .record(let record) = value, let trials = record["trials"] { value = trials }
    if case .run(let run) = value, let history = run.member("history") { value = history }
    guard case .list(let items) = value else { return nil }
    var rows: [Record] = []
    for item in items {
      guard case .record(let record) = item else { return nil }
      rows.append(record)
    }
    self.rows = rows
  }

  /// The file's text for `path`: JSON for a `.json` path, else CSV.
  func text(for path: String) -> String { path.lowercased().hasSuffix(".json") ? json : csv }

  /// Every field any row has, in the order they first appear.
  private var columns: [String] {
    var seen: [String] = []
    for row in rows { for key in row.keys where !seen.contains(key) { seen.append(key) } }
    return seen
  }

  /// RFC 4180: a header row, then one row per record; an absent field or `none` is empty.
  var csv: String {
    let columns = columns
    func field(_ value: Value?) -> String {
      guard let value, !value.isEqual(to: .none) else { return "" }
      let text = value.display
      guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let lines = [columns.map { field(.string($0)) }] + rows.map { row in columns.map { field(row[$0]) } }
    return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// A JSON array of objects: numbers, strings, booleans and null as themselves, anything
  /// else as its nnscript text.
  var json: String {
    let objects = rows.map { row in
      JSONScalar.object(
        row.fields.map { field in
          (field.key, field.value.isEqual(to: .none) ? JSONScalar.null : JSONScalar(field.value))
        })
    }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }
}
