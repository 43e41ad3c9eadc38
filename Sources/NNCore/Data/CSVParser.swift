/// Splits CSV bytes into records, fed a chunk at a time so a file never has to be in memory
/// whole. Quoted fields may hold separators, doubled quotes and line breaks; `\r\n` ends a
/// line like `\n`; blank lines are skipped.
struct CSVParser {
  /// One record: its fields as byte ranges into `bytes`, and the line it starts on.
  struct Record {
    var bytes: [UInt8] = []
    var fieldEnds: [Int] = []
    var line = 1

    var fieldCount: Int { fieldEnds.count }

    func withField<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
      let start = i == 0 ? 0 : fieldEnds[i - 1]
      return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<fieldEnds[i]])) }
    }
  }

  private let separator: UInt8
  private var record = Record()
  private var inQuotes = false
  private var afterClosingQuote = false
  private var line = 1
  private var quoteLine = 1

  init(separator: UInt8) {
    self.separator = separator
    record.bytes.reserveCapacity(4096)
  }

  private static let quote = UInt8(ascii: "\"")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  mutating func feed(_ chunk: UnsafeRawBufferPointer, onRecord: (Record) throws -> Void) throws {
    let bytes = chunk.bindMemory(to: UInt8.self)
    var i = 0
    while i < bytes.count {
      if inQuotes {
        let byte = bytes[i]
        i += 1
        if byte == Self.quote {
          inQuotes = false
          afterClosingQuote = true
        } else {
          if byte == Self.newline { line += 1 }
          record.bytes.append(byte)
        }
        continue
      }
      if afterClosingQuote {
        afterClosingQuote = false
        if bytes[i] == Self.quote {
          // A doubled quote inside a quoted field stands for one quote.
          record.bytes.append(Self.quote)
          inQuotes = true
          i += 1
          continue
        }
      }
      // Copy a run of ordinary bytes at once: most of a numeric file is such runs.
      let runStart = i
      while i < bytes.count {
        let byte = bytes[i]
        if byte == separator || byte == Self.newline || byte == Self.carriageReturn || byte == Self.quote { break }
        i += 1
      }
      if i > runStart { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
      guard i < bytes.count else { break }
      let byte = bytes[i]
      i += 1
      switch byte {
      case separator:
        try checkField()
        record.fieldEnds.append(record.bytes.count)
        guard record.fieldEnds.count < CSVLimits.columns else {
          throw DataError(
            "this row has more than \(CSVLimits.columns) fields", line: record.line,
            hint: "nnscript reads files of at most \(CSVLimits.columns) columns; is the separator right?")
        }
      case Self.newline:
        try endRecord(onRecord)
        line += 1
        record.line = line
      case Self.quote where record.bytes.count == (record.fieldEnds.last ?? 0):
        inQuotes = true
        quoteLine = line
      case Self.quote:
        record.bytes.append(byte)
      default:
        break  // a carriage return
      }
    }
    // A chunk may end inside a field: what it holds so far already counts.
    try checkField()
  }

  /// Throws when the field being read, or its row, is longer than a CSV file's may be.
  private func checkField() throws {
    let start = record.fieldEnds.last ?? 0
    if record.bytes.count - start > CSVLimits.fieldBytes {
      let text = String(decoding: record.bytes[start..<start + CSVLimits.quotedCharacters * 4], as: UTF8.self)
      throw DataError(
        "a field is longer than \(CSVLimits.fieldBytes) bytes: '\(CSVLimits.quoted(text))'", line: record.line,
        hint: inQuotes ? "is a quote left open before it?" : "is this a CSV file?")
    }
    if record.bytes.count > CSVLimits.recordBytes {
      throw DataError("this row is longer than \(CSVLimits.recordBytes) bytes", line: record.line)
    }
  }

  /// Ends the input: the last record may lack its line break; an open quote is an error.
  mutating func finish(onRecord: (Record) throws -> Void) throws {
    if inQuotes {
      throw DataError(
        "a quoted field is never closed", line: quoteLine,
        hint: "close it with '\"'; a quote inside a quoted field is written twice")
    }
    try endRecord(onRecord)
  }

  private mutating func endRecord(_ onRecord: (Record) throws -> Void) throws {
    try checkField()
    record.fieldEnds.append(record.bytes.count)
    let blank = record.fieldEnds.count == 1 && record.bytes.isEmpty
    if !blank { try onRecord(record) }
    record.bytes.removeAll(keepingCapacity: true)
    record.fieldEnds.removeAll(keepingCapacity: true)
  }
}
