/// One piece of nnscript source: a file, a `-e` string, a REPL entry or the stdlib.
///
/// Positions are UTF-8 byte offsets; line and column are computed on demand, columns
/// counted in characters so underlines line up with what a person sees.
///
///     engine.run(SourceFile(name: "-e", text: "print 6 * 7"))
///     // A file on disk: diagnostics show `name`, and imports resolve from `path`'s folder.
///     engine.run(SourceFile(name: "jobs/42.nns", text: text, path: "/srv/jobs/42.nns"))
public final class SourceFile: Sendable {
  /// The name shown in diagnostics (a path as the user gave it, `-e`, `stdin`…).
  public let name: String
  /// The whole source text.
  public let text: String
  /// The file's location on disk, when it has one: imports resolve relative to it.
  public let path: String?
  /// The line number of the text's first line: above 1 when the text continues a longer
  /// input, as a statement piped into the interactive loop does, so positions count from there.
  public let firstLine: Int
  let bytes: [UInt8]
  /// Byte offset at which each line starts.
  private let lineStarts: [Int]

  /// Source `text`, shown in diagnostics as `name`; imports resolve from `path` when given, else from
  /// the working directory. Its lines are numbered from `firstLine`.
  public init(name: String, text: String, path: String? = nil, firstLine: Int = 1) {
    self.name = name
    self.text = text
    self.path = path
    self.firstLine = firstLine
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// Line number of a byte offset, counted from `firstLine`.
  public func line(of offset: Int) -> Int { index(ofLineAt: offset) + firstLine }

  /// 0-based index into `lineStarts` of the line holding a byte offset.
  private func index(ofLineAt offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// 1-based column (in characters) of a byte offset.
  public func column(of offset: Int) -> Int {
    let start = lineStarts[index(ofLineAt: offset)]
    let end = min(max(offset, start), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
  }

  /// The byte offset at which a line (numbered from `firstLine`) starts.
  func startOffset(ofLine line: Int) -> Int { lineStarts[max(0, min(line - firstLine + 1, lineStarts.count) - 1)] }

  /// The byte offset at which a line (numbered from `firstLine`) ends, before its line break.
  func endOffset(ofLine line: Int) -> Int {
    let index = max(0, min(line - firstLine + 1, lineStarts.count) - 1)
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return max(start, end)
  }

  /// The text of a line (numbered from `firstLine`), without its line break.
  public func lineText(_ line: Int) -> String {
    let index = line - firstLine
    guard lineStarts.indices.contains(index) else { return "" }
    return slice(lineStarts[index]..<endOffset(ofLine: line))
  }

  /// The offset of the first character at or after `offset`, below `limit`: a cut made by
  /// byte count then never splits a UTF-8 sequence.
  func characterStart(atOrAfter offset: Int, limit: Int) -> Int {
    var i = offset
    while i < limit, bytes[i] & 0xC0 == 0x80 { i += 1 }
    return i
  }

  func slice(_ range: Range<Int>) -> String {
    let lo = max(0, min(range.lowerBound, bytes.count))
    let hi = max(lo, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lo..<hi], as: UTF8.self)
  }
}

/// A span of source text: what a token, an AST node or a diagnostic points at.
public struct SourceRange: Sendable {
  /// The file the range is in.
  public let file: SourceFile
  /// The UTF-8 offset of the first byte.
  public let start: Int
  /// The UTF-8 offset just past the last byte.
  public let end: Int

  /// The bytes `start..<end` of `file`; an `end` before `start` gives an empty range at `start`.
  public init(file: SourceFile, start: Int, end: Int) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// The line of the start, from 1.
  public var line: Int { file.line(of: start) }
  /// The column of the start, from 1.
  public var column: Int { file.column(of: start) }
  /// The text of the range.
  public var text: String { file.slice(start..<end) }

  /// The smallest range covering both.
  func to(_ other: SourceRange) -> SourceRange {
    SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
  }

  /// `file:line:column`, as every diagnostic and traceback line begins.
  public var location: String { "\(file.name):\(line):\(column)" }
}
