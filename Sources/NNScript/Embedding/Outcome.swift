/// What running or checking some source came to.
///
/// It stays with the engine that gave it, as its ``value`` may (a script's function shares the
/// session's scope); its ``status`` and ``diagnostics`` are `Sendable` and may go anywhere.
///
///     let outcome = engine.run(SourceFile(name: "job.nns", text: script))
///     if outcome.status != .success {
///       FileHandle.standardError.write(Data(DiagnosticRenderer().render(outcome.diagnostics).utf8))
///       exit(outcome.exitCode)
///     }
public struct Outcome {
  /// How far the source got.
  public enum Status: Sendable {
    /// It ran, or checked, without an error.
    case success
    /// The input ended inside an unfinished statement; more lines may complete it.
    case incomplete
    /// Syntax or static errors: nothing ran.
    case invalid
    /// A runtime error or a failed `assert`.
    case failed
    /// The script file could not be read.
    case unreadable
  }

  /// Whether it ran, and if not, why.
  public let status: Status
  /// Errors and warnings, in source order within each file.
  public let diagnostics: [Diagnostic]
  /// The value of the last statement when it was a bare expression (what a REPL echoes).
  public let value: Value?

  /// The command-line tool's exit code: 0 ok, 1 runtime error or failed assert, 2 a file
  /// that cannot be read, 65 syntax error (EX_DATAERR).
  public var exitCode: Int32 {
    switch status {
    case .success: return 0
    case .failed: return 1
    case .unreadable: return 2
    case .invalid, .incomplete: return 65
    }
  }
}
