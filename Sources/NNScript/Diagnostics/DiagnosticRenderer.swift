/// Renders diagnostics as text in the one format every front end shows (the README's section 7):
///
///     digits.nns:5:23: error: unknown layer 'dens'
///      5 | net < dense 128 relu; dens 10 softmax >
///        |                       ^~~~ did you mean 'dense'?
///
/// Colour is the caller's decision (a terminal, and no `NO_COLOR`); the library never asks.
public struct DiagnosticRenderer: Sendable {
  /// Whether to colour severities and underlines with ANSI escapes.
  public var color: Bool

  /// A renderer; plain text unless `color` is true.
  public init(color: Bool = false) { self.color = color }

  /// How many characters of a source line a snippet quotes at most.
  static let quotedWidth = 200

  /// The diagnostics one after another, each ending with a newline. Past the first fifty only
  /// their number is given, on one last line, so a file of mistakes cannot print megabytes.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    var shown = 0
    var hidden = 0
    var hiddenError = false
    for d in diagnostics {
      if d.omittedCount == 0, shown < DiagnosticCollector.limit {
        out += render(d)
        shown += 1
      } else {
        hidden += max(1, d.omittedCount)
        hiddenError = hiddenError || d.severity == .error
      }
    }
    if hidden > 0 { out += Diagnostic.omissionMessage(hidden, errors: hiddenError) + "\n" }
    return out
  }

  /// One diagnostic: location, message, the source line, the underline, notes and traceback.
  public func render(_ d: Diagnostic) -> String {
    var out = ""
    let severityColor = d.severity == .error ? "31" : d.severity == .warning ? "33" : "36"
    let location = d.range.map { "\($0.location): " } ?? ""
    out += paint(location, "1") + paint("\(d.severity.rawValue):", "1;\(severityColor)")
    out += paint(" \(Self.shortened(d.message))", "1") + "\n"
    if let range = d.range { out += snippet(range, label: d.label, color: severityColor) }
    for note in d.notes {
      out += paint(note.range.map { "\($0.location): " } ?? "", "1")
      out += paint("note:", "1;36") + " \(Self.shortened(note.message))\n"
      if let range = note.range { out += snippet(range, label: nil, color: "36") }
    }
    if !d.traceback.isEmpty {
      out += "traceback, most recent call first:\n"
      // A runaway recursion repeats one frame hundreds of times: show it once, with a count.
      var i = 0
      while i < d.traceback.count {
        let frame = d.traceback[i]
        var repeats = 0
        while i + repeats + 1 < d.traceback.count, d.traceback[i + repeats + 1].same(as: frame) { repeats += 1 }
        let place = frame.function.map { "in \($0)" } ?? "at top level"
        out += "  \(frame.range.location) \(place)"
        out += repeats > 0 ? " (and \(repeats) more time\(repeats == 1 ? "" : "s"))\n" : "\n"
        i += repeats + 1
      }
    }
    return out
  }

  /// The quoted source line and an underline of the range (only its first line when the
  /// range spans several). A line longer than `quotedWidth` characters is quoted around the
  /// range, with `…` where it is cut; only that part of the line is ever looked at.
  private func snippet(_ range: SourceRange, label: String?, color: String) -> String {
    let file = range.file
    let line = range.line
    let lineStart = file.startOffset(ofLine: line)
    let lineEnd = file.endOffset(ofLine: line)
    let start = min(max(range.start, lineStart), lineEnd)
    let end = min(max(range.end, start), lineEnd)
    // A character takes at most four bytes: this many bytes each way hold a full window.
    let reach = 4 * Self.quotedWidth
    let from = file.characterStart(atOrAfter: max(lineStart, start - reach), limit: start)
    let through = file.characterStart(atOrAfter: min(lineEnd, end + reach), limit: lineEnd)
    let underlined = file.characterStart(atOrAfter: min(end, start + reach), limit: end)
    // Tabs and other control characters print as one space, so the underline stays aligned
    // and a stray carriage return cannot move the cursor.
    let characters = (file.slice(from..<start) + file.slice(start..<underlined) + file.slice(underlined..<through)).map
    {
      $0.isASCII && ($0.asciiValue! < 0x20 || $0.asciiValue! == 0x7F) ? " " : $0
    }
    let caretIndex = file.slice(from..<start).count
    let underlineEnd = caretIndex + file.slice(start..<underlined).count
    var first = 0
    var last = characters.count
    if characters.count > Self.quotedWidth {
      first = max(0, min(caretIndex - Self.quotedWidth / 2, characters.count - Self.quotedWidth))
      last = first + Self.quotedWidth
    }
    let cutBefore = first > 0 || from > lineStart
    let cutAfter = last < characters.count || through < lineEnd
    let text = (cutBefore ? "…" : "") + String(characters[first..<last]) + (cutAfter ? "…" : "")
    let caret = caretIndex - first + (cutBefore ? 1 : 0)
    let width = max(1, min(underlineEnd, last) - caretIndex)
    let number = String(line)
    let gutter = String(repeating: " ", count: number.count + 2)
    let underline = "^" + String(repeating: "~", count: width - 1)
    var out = paint(" \(number) |", "34") + " \(text)\n"
    out += paint("\(gutter)|", "34") + " " + String(repeating: " ", count: max(0, caret))
    out += paint(underline, "1;\(color)")
    if let label { out += " " + paint(Self.shortened(label), "1;\(color)") }
    return out + "\n"
  }

  /// A message quotes what the script wrote (`unknown command 'aaaa…'`), which can be a
  /// megabyte long: past `quotedWidth` characters it keeps its start and end around a `…`.
  static func shortened(_ text: String) -> String {
    guard text.count > quotedWidth else { return text }
    return String(text.prefix(quotedWidth * 3 / 4)) + "…" + String(text.suffix(quotedWidth / 4))
  }

  private func paint(_ text: String, _ code: String) -> String {
    guard color, !text.isEmpty else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}

extension Diagnostic.Frame {
  fileprivate func same(as other: Diagnostic.Frame) -> Bool {
    function == other.function && range.file === other.range.file && range.start == other.range.start
  }
}
