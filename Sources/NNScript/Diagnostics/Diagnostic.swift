/// A message about the user's source: an error, a warning or a note, pointing at a range.
///
///     for d in outcome.diagnostics where d.severity == .error {
///       print(d.range?.location ?? "-", d.message)   // job.nns:3:9 unknown layer 'dens'
///     }
///
/// A host that points at its own input makes one too, and renders it with the rest:
///
///     let input = SourceFile(name: "stdin", text: ":lod run.nns")
///     var d = Diagnostic(error: "unknown command ':lod'", at: SourceRange(file: input, start: 0, end: 4))
///     d.label = "did you mean ':load'?"
///     print(DiagnosticRenderer().render(d))
public struct Diagnostic: Sendable, Error {
  /// An error stops the script; a warning or a note does not.
  public enum Severity: String, Sendable {
    /// Stops the script (or keeps it from running).
    case error
    /// Something is likely wrong; the script goes on.
    case warning
    /// Information, such as what a command did on the script's behalf.
    case note
  }

  /// A secondary remark, optionally pointing at another place ("'(' opened here").
  public struct Note: Sendable {
    /// One phrase, no final period.
    public let message: String
    /// Where the note points, when it points somewhere.
    public let range: SourceRange?
  }

  /// A suggested edit: replace `range` with `replacement`.
  public struct FixIt: Sendable {
    /// The text the fix-it replaces.
    public let range: SourceRange
    /// What goes in its place.
    public let replacement: String
  }

  /// Error, warning or note.
  public var severity: Severity
  /// One phrase, no final period: `unknown layer 'dens'`.
  public var message: String
  /// The text the message is about; nil for a message about no place (an unreadable file).
  public var range: SourceRange?
  /// Printed after the underline: `did you mean 'dense'?`, `expected ')'`.
  public var label: String?
  /// Remarks that follow the message.
  public var notes: [Note] = []
  /// Edits that would fix the mistake.
  public var fixIts: [FixIt] = []
  /// Call frames for runtime errors, innermost first: where each enclosing call was made.
  public var traceback: [Frame] = []
  /// The input ended before the construct did (open bracket, string, trailing operator):
  /// more lines could complete it, so the REPL asks for them instead of reporting.
  public var isIncomplete = false
  /// How many diagnostics this one stands for when it closes a list cut short at its limit
  /// (`DiagnosticCollector`); 0 for an ordinary diagnostic.
  var omittedCount = 0

  /// One call of a traceback.
  public struct Frame: Sendable {
    /// The function the frame ran, or nil for the top level of a file.
    public let function: String?
    /// The call.
    public let range: SourceRange
  }

  /// A diagnostic with no label, notes, fix-its or traceback; `range` nil for one about no place.
  public init(severity: Severity, message: String, at range: SourceRange?) {
    self.severity = severity
    self.message = message
    self.range = range
  }

  /// An error, which stops the script.
  public init(error message: String, at range: SourceRange?) {
    self.init(severity: .error, message: message, at: range)
  }

  /// A warning, which does not stop the script.
  public init(warning message: String, at range: SourceRange?) {
    self.init(severity: .warning, message: message, at: range)
  }

  /// Says what was expected, under the underline.
  func expecting(_ what: String) -> Diagnostic {
    var copy = self
    copy.label = "expected \(what)"
    return copy
  }

  /// Adds "did you mean" for the closest of `candidates`, with a fix-it, when one is close.
  func suggesting(_ name: String, from candidates: some Sequence<String>) -> Diagnostic {
    guard let best = Suggestions.closest(to: name, in: candidates) else { return self }
    var copy = self
    copy.label = "did you mean '\(best)'?"
    if let range { copy.fixIts.append(FixIt(range: range, replacement: best)) }
    return copy
  }

  func note(_ message: String, at range: SourceRange? = nil) -> Diagnostic {
    var copy = self
    copy.notes.append(Note(message: message, range: range))
    return copy
  }
}
