/// How much of a CSV file is read before it is refused: files from others are data, and a file
/// that never ends (/dev/zero), a field of megabytes or a row of a hundred thousand columns is
/// an error within bounded memory rather than an allocation that takes the process down.
enum CSVLimits {
  /// Bytes of one field.
  static let fieldBytes = 1 << 20
  /// Bytes of one column name in the header.
  static let headerNameBytes = 1_000
  /// Fields of one row, the header's among them.
  static let columns = 10_000
  /// Bytes of one row.
  static let recordBytes = 64 << 20
  /// Characters of a field or a name that a message quotes.
  static let quotedCharacters = 80

  /// Bytes of the whole file: 2 GB, or half the machine's available memory when that is less.
  static func fileBytes() -> Int { min(2_000_000_000, MemoryBudget.machine().bytes / 2) }

  /// `text` as a message quotes it: at most `quotedCharacters` characters, then "…", and
  /// control characters (a binary file's zeros) as "�".
  static func quoted(_ text: String) -> String {
    let shown = String(
      String.UnicodeScalarView(
        text.unicodeScalars.prefix(quotedCharacters).map { $0.properties.generalCategory == .control ? "�" : $0 }))
    return text.unicodeScalars.count > quotedCharacters ? shown + "…" : shown
  }
}
