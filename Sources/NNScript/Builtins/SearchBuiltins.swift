import Foundation

extension Builtins {
  static let search: [Builtin] = [
    Builtin(
      "int", "low high",
      "a search space of the whole numbers from low to high, to keep in a variable: `w = int(16, 128)`; `search width: w`"
    ) { args in
      let (low, high) = (try args.integer(0), try args.integer(1))
      let term = Term(name: "int", arguments: [.number(Double(low)), .number(Double(high))])
      guard low < high else { throw args.failure("the low end must be below the high end", at: 1) }
      return .term(term)
    },
    Builtin(
      "write_table", "table path",
      "writes a search's trials (or a list of records) as CSV, or as JSON when the path ends in .json"
    ) { args in
      let rows = try tableRows(args)
      let path = try args.string(1)
      guard !path.isEmpty else { throw args.failure("expected a file path, found \"\"", at: 1) }
      let absolute = args.interpreter.modules.resolve(path, from: args.site.file)
      let text = path.lowercased().hasSuffix(".json") ? json(rows) : csv(rows)
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: absolute), options: .atomic)
      } catch {
        throw args.failure("cannot write '\(path)': \((error as NSError).localizedDescription)", at: 1)
      }
      return .none
    },
  ]

  /// The records to write: a search's `trials`, or a list of records.
  private static func tableRows(_ args: Arguments) throws -> [Record] {
    var value = try args.value(0)
    if case .record(let record) = value, let trials = record["trials"] { value = trials }
    guard case .list(let items) = value else {
      throw args.failure("expected a search's result or a list of records, found \(value.typeName)", at: 0)
    }
    return try items.map { item in
      guard case .record(let record) = item else {
        throw args.failure("expected a list of records, found a \(item.typeName) in it", at: 0)
      }
      return record
    }
  }

  /// Every field any row has, in the order they first appear.
  private static func columns(_ rows: [Record]) -> [String] {
    var seen: [String] = []
    for row in rows { for key in row.keys where !seen.contains(key) { seen.append(key) } }
    return seen
  }

  /// RFC 4180: a header row, then one row per record; an absent field or `none` is empty.
  private static func csv(_ rows: [Record]) -> String {
    let columns = columns(rows)
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
  private static func json(_ rows: [Record]) -> String {
    let objects = rows.map { row in
      JSONScalar.object(
        row.fields.map { field in
          (field.key, field.value.isEqual(to: .none) ? JSONScalar.null : JSONScalar(field.value))
        })
    }
    return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
  }
}
