/// The diagnostics of one stage (lexing and parsing, or checking), kept up to a limit and
/// only counted past it: a file of a million mistakes costs no more than its first fifty,
/// and one last diagnostic says how many more there were.
struct DiagnosticCollector {
  /// How many diagnostics a stage keeps, and a renderer shows.
  static let limit = 50

  private(set) var kept: [Diagnostic] = []
  private var omitted = 0
  private var firstOmitted: SourceRange?
  private var omittedAnError = false
  private var omittedIncomplete = false

  /// Whether the limit is reached: a stage may then skip work that only improves a message.
  var isFull: Bool { kept.count >= Self.limit }

  mutating func append(_ diagnostic: Diagnostic) {
    guard isFull else { return kept.append(diagnostic) }
    omitted += max(1, diagnostic.omittedCount)
    firstOmitted = firstOmitted ?? diagnostic.range
    omittedAnError = omittedAnError || diagnostic.severity == .error
    omittedIncomplete = omittedIncomplete || diagnostic.isIncomplete
  }

  mutating func append(contentsOf diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics { append(diagnostic) }
  }

  /// What was kept, then one diagnostic standing for the rest when there was a rest.
  var diagnostics: [Diagnostic] {
    guard omitted > 0 else { return kept }
    var rest = Diagnostic(
      severity: omittedAnError ? .error : .warning,
      message: Diagnostic.omissionMessage(omitted, errors: omittedAnError), at: firstOmitted)
    rest.omittedCount = omitted
    rest.isIncomplete = omittedIncomplete
    return kept + [rest]
  }
}

extension Diagnostic {
  /// "N more errors not shown": the line that ends a list cut short.
  static func omissionMessage(_ count: Int, errors: Bool) -> String {
    "\(count) more \(errors ? "error" : "warning")\(count == 1 ? "" : "s") not shown"
  }
}
