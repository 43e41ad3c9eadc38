import Foundation

/// Reads a CSV file into a `Dataset`, streaming it in chunks: decoded (`CSVDecoder`), its
/// separator found when not given (`CSVSniffer`), its header row taken, or names c1…cN when
/// the first row holds only numbers.
///
/// Numeric columns become features; text feature columns are one-hot encoded (and a note
/// says so); a text target becomes classes, and so does a numeric target of few whole
/// numbers unless `classify` says otherwise. Every problem is a `DataError` naming the line.
public enum CSVReader {
  static let chunkSize = 1 << 20

  /// Reads the file at `path`; `name` is how messages name it.
  public static func read(path: String, name: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
    var builder = try reading(path: path, name: name, options: options)
    return try builder.build()
  }

  /// Reads the file at `path` as samples to predict on: without a target (one in the file is
  /// left out), its columns as read for a model's preparation to take.
  public static func readSamples(path: String, name: String, options: CSVOptions = CSVOptions()) throws -> Samples {
    var builder = try reading(path: path, name: name, options: options)
    return try builder.samples(target: options.target)
  }

  private static func reading(path: String, name: String, options: CSVOptions) throws -> DatasetBuilder {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataError("cannot find '\(name)'")
    }
    guard !isDirectory.boolValue else { throw DataError("'\(name)' is a folder, not a CSV file") }
    // A regular file's size is known before reading; a device or a pipe is counted as it is read.
    let limit = CSVLimits.fileBytes()
    let tooLarge = DataError(
      "'\(name)' is larger than \(MemoryBudget.describe(Double(limit))), the most a CSV file may be here",
      hint: "is this a CSV file?")
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? Int, size > limit
    {
      throw tooLarge
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw DataError("cannot read '\(name)'") }
    defer { try? handle.close() }
    var reading = CSVReading(options: options)
    var read = 0
    while true {
      let chunk: Data
      do {
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { break }
        chunk = data
      } catch {
        throw DataError("cannot read '\(name)': \(error.localizedDescription)")
      }
      read += chunk.count
      guard read <= limit else { throw tooLarge }
      try chunk.withUnsafeBytes { try reading.feed($0) }
    }
    return try reading.finish(name: name)
  }

  /// Reads CSV text already in memory.
  public static func read(text: String, name: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
    try read(bytes: Array(text.utf8), name: name, options: options)
  }

  /// Reads the UTF-8 bytes of a CSV file already in memory (the bundled datasets).
  public static func read(bytes: [UInt8], name: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
    var reading = CSVReading(options: options)
    try bytes.withUnsafeBytes { try reading.feed($0) }
    var builder = try reading.finish(name: name)
    return try builder.build()
  }
}

/// One file being read, a chunk at a time: its bytes made the parser's, its records a table.
private struct CSVReading {
  let options: CSVOptions
  /// Made once the separator is known: given, or found in the first chunk.
  private var parser: CSVParser?
  private var builder: TableBuilder
  private var decoder: CSVDecoder
  private var notes: [String] = []

  init(options: CSVOptions) {
    self.options = options
    decoder = CSVDecoder(encoding: options.encoding)
    builder = TableBuilder(ids: Set(options.namedIds))
    parser = options.separator.map { CSVParser(separator: $0) }
  }

  mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
    let text = try decoder.decode(chunk)
    try text.withUnsafeBytes { try parse($0) }
  }

  private mutating func parse(_ bytes: UnsafeRawBufferPointer) throws {
    if parser == nil {
      guard !bytes.isEmpty else { return }
      let found = CSVSniffer.separator(in: UnsafeRawBufferPointer(rebasing: bytes.prefix(CSVReader.chunkSize)))
      let separator = found ?? UInt8(ascii: ",")
      if separator != UInt8(ascii: ",") {
        notes.append("the separator is \(CSVSniffer.describe(separator)), as the first lines show (sep: sets another)")
      }
      parser = CSVParser(separator: separator)
    }
    try parser!.feed(bytes) { try builder.take($0) }
  }

  consuming func finish(name: String) throws -> DatasetBuilder {
    let rest = try decoder.finish()
    try rest.withUnsafeBytes { try parse($0) }
    if parser == nil { parser = CSVParser(separator: UInt8(ascii: ",")) }
    try parser!.finish { try builder.take($0) }
    var dataset = try builder.dataset(name: name, options: options)
    dataset.notes = notes + dataset.notes
    return dataset
  }
}

/// Builds a table from parsed records: the first is the header, the rest must match it. A
/// first record of numbers only is no header but the first row, as numpy and R write files:
/// its columns are named c1, c2, … rather than "5.1", "3.5".
private struct TableBuilder {
  /// Columns read as text whatever they hold: ids, whose digits must stay as written.
  let ids: Set<String>
  var table: CSVTable?
  var headerless = false

  consuming func dataset(name: String, options: CSVOptions) throws -> DatasetBuilder {
    guard let table = table.take() else { throw DataError("'\(name)' is empty: expected a header row") }
    guard table.rowCount > 0 else { throw DataError("the file has a header but no rows", line: 1) }
    var builder = DatasetBuilder(table: table, name: name, options: options, headerless: headerless)
    if headerless {
      let names = table.header
      builder.notes.append(
        "the first row holds only numbers, so the file has no header: its columns are named \(names[0]) to \(names.last!)"
      )
    }
    return builder
  }

  mutating func take(_ record: CSVParser.Record) throws {
    guard table != nil else {
      let numbers = (0..<record.fieldCount).allSatisfy { i in
        record.withField(i) { if case .number = NumberParser.classify($0) { true } else { false } }
      }
      headerless = numbers && record.fieldCount > 1
      guard headerless else {
        table = CSVTable(header: try header(record), text: ids)
        return
      }
      table = CSVTable(header: (1...record.fieldCount).map { "c\($0)" })
      try table!.append(record)
      return
    }
    let expected = table!.header.count
    guard record.fieldCount == expected else {
      throw DataError(
        "this row has \(record.fieldCount) field\(record.fieldCount == 1 ? "" : "s"), the header has \(expected)",
        line: record.line)
    }
    try table!.append(record)
  }

  private func header(_ record: CSVParser.Record) throws -> [String] {
    var names: [String] = []
    var seen: [String: Int] = [:]
    for i in 0..<record.fieldCount {
      let name = record.withField(i, CSVTable.text)
      guard !name.isEmpty else { throw DataError("column \(i + 1) of the header has no name", line: record.line) }
      guard name.utf8.count <= CSVLimits.headerNameBytes else {
        throw DataError(
          "the name of column \(i + 1) is longer than \(CSVLimits.headerNameBytes) bytes: '\(CSVLimits.quoted(name))'",
          line: record.line, hint: "does the file start with a header row?")
      }
      if let first = seen.updateValue(i, forKey: name) {
        throw DataError(
          "the header names column '\(CSVLimits.quoted(name))' twice (columns \(first + 1) and \(i + 1))",
          line: record.line)
      }
      names.append(name)
    }
    return names
  }
}
