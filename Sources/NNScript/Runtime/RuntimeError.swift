/// An error raised while running a script: a diagnostic with its traceback.
struct RuntimeError: Error {
  /// The error as a diagnostic, with its traceback.
  var diagnostic: Diagnostic
}

/// How a statement finished: normally, or by `return`, `break` or `continue`.
enum Flow {
  case normal
  case returned(Value)
  case broke
  case continued
}
