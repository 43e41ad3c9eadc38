/// The columns of a CSV file as read: numbers while every value is a number (NaN marks a
/// missing one), text once any value is not.
struct CSVTable {
  enum Column {
    case numbers(FloatColumn)
    case text([String?])
  }

  let header: [String]
  /// Per column: its numbers while it holds numbers…
  private var numbers: [FloatColumn]
  /// …and its text once it holds text (nil until then).
  private var texts: [[String?]?]
  /// The line each row starts on, for error messages.
  private(set) var lines: [Int32] = []
  /// How many cells are missing, so a complete file skips looking for them.
  private(set) var missingCount = 0

  var rowCount: Int { lines.count }

  /// A table of `header`'s columns; those named in `text` hold text from the start.
  init(header: [String], text: Set<String> = []) {
    self.header = header
    numbers = Array(repeating: FloatColumn(), count: header.count)
    texts = header.map { text.contains($0) ? [] : nil }
  }

  /// Column `c` as read. Kept in two arrays while reading so that appending to one column
  /// mutates it in place; handed out as one value afterwards.
  subscript(column c: Int) -> Column {
    get { texts[c].map { .text($0) } ?? .numbers(numbers[c]) }
    set {
      switch newValue {
      case .numbers(let values):
        numbers[c] = values
        texts[c] = nil
      case .text(let values):
        numbers[c] = FloatColumn()
        texts[c] = values
      }
    }
  }

  func isMissing(row: Int, column c: Int) -> Bool {
    if let text = texts[c] { return text[row] == nil }
    return numbers[c][row].isNaN
  }

  /// Adds one record's fields, which the caller has checked are as many as the header's.
  mutating func append(_ record: CSVParser.Record) throws {
    lines.append(Int32(truncatingIfNeeded: record.line))
    for c in 0..<header.count {
      try record.withField(c) { field in try append(field, to: c, line: record.line) }
    }
  }

  private mutating func append(_ field: UnsafeBufferPointer<UInt8>, to c: Int, line: Int) throws {
    if texts[c] != nil {
      let missing = NumberParser.classify(field) == .missing
      if missing { missingCount += 1 }
      texts[c]!.append(missing ? nil : Self.text(field))
      return
    }
    switch NumberParser.classify(field) {
    case .number(let n):
      let value = Float(n)
      guard value.isFinite else {
        throw DataError("the value in column '\(header[c])' does not fit a 32-bit float", line: line)
      }
      numbers[c].append(value)
    case .missing:
      missingCount += 1
      numbers[c].append(.nan)
    case .text:
      let text = Self.text(field)
      if ["inf", "+inf", "-inf", "infinity", "-infinity"].contains(text.lowercased()) {
        throw DataError("infinite value in column '\(header[c])'", line: line)
      }
      // The column turns out to hold text: what was read as numbers becomes text too.
      let earlier = numbers[c]
      texts[c] = (0..<earlier.count).map { earlier[$0].isNaN ? nil : Self.format(earlier[$0]) } + [text]
      numbers[c] = FloatColumn()
    }
  }

  /// The field as text, without the spaces and tabs around it.
  static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
    var lo = 0
    var hi = field.count
    while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
    while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: field[lo..<hi]), as: UTF8.self)
  }

  /// A number read earlier, written back as text: whole numbers without a fraction.
  private static func format(_ value: Float) -> String {
    value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
  }
}

/// A growing column of floats kept in fixed-size blocks: unlike one array that doubles as
/// it grows, it never holds more than one block of spare room.
struct FloatColumn {
  static let blockSize = 1 << 16
  /// Blocks already full, and the one being filled.
  private var full: [[Float]] = []
  private var current: [Float] = []
  private(set) var count = 0

  mutating func append(_ value: Float) {
    if current.isEmpty { current.reserveCapacity(Self.blockSize) }
    current.append(value)
    count += 1
    if current.count == Self.blockSize {
      full.append(current)
      current = []
    }
  }

  subscript(i: Int) -> Float {
    let block = i / Self.blockSize
    return block < full.count ? full[block][i % Self.blockSize] : current[i % Self.blockSize]
  }

  /// Every value in order, block by block.
  func forEach(_ body: (Int, Float) -> Void) {
    var i = 0
    for block in full + [current] {
      for value in block {
        body(i, value)
        i += 1
      }
    }
  }
}
