/// Finds a file's separator when none is given: of `,` `;` tab `|`, the one that splits each
/// of the first lines into the same number of fields, more than one. A `;` file is what a
/// spreadsheet writes where the comma is the decimal mark; tabs and bars come from databases.
enum CSVSniffer {
  static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
  /// Lines looked at: enough to see past the header into the rows, few enough to cost nothing.
  static let sampledLines = 20

  /// The separator of the file that starts with `bytes`, nil when no candidate fits: the one
  /// giving the most fields, the earlier candidate on a tie, so a comma wins where it fits.
  static func separator(in bytes: UnsafeRawBufferPointer) -> UInt8? {
    var best: (separator: UInt8, fields: Int)?
    for candidate in candidates {
      guard let fields = fieldsPerLine(bytes, separator: candidate), fields > 1 else { continue }
      if fields > best?.fields ?? 0 { best = (candidate, fields) }
    }
    return best?.separator
  }

  /// How a note names a separator.
  static func describe(_ separator: UInt8) -> String {
    separator == UInt8(ascii: "\t") ? "a tab" : "'\(Character(Unicode.Scalar(separator)))'"
  }

  /// The number of fields every sampled line has with `separator`, nil when they differ.
  /// Quotes are respected, blank lines skipped, and a last line without its line break counts
  /// only when it is the only one: the chunk may have cut it.
  private static func fieldsPerLine(_ bytes: UnsafeRawBufferPointer, separator: UInt8) -> Int? {
    var counts: Set<Int> = []
    var lines = 0
    var fields = 1
    var inQuotes = false
    var empty = true
    for byte in bytes {
      if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if inQuotes {
        continue
      } else if byte == separator {
        fields += 1
      } else if byte == UInt8(ascii: "\n") {
        if !empty {
          counts.insert(fields)
          lines += 1
          if lines == sampledLines { break }
        }
        fields = 1
        empty = true
        continue
      } else if byte == UInt8(ascii: "\r") {
        continue
      }
      empty = false
    }
    if lines == 0, !empty { counts.insert(fields) }
    return counts.count == 1 ? counts.first : nil
  }
}
