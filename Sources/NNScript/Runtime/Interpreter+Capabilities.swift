/// The session's capabilities where a script uses them: the paths its commands name, and the
/// processes a search starts.
extension Interpreter {
  /// Where `path`, written at `range`, leads for `use`; a diagnostic there when the session
  /// may not use it so.
  func resolve(_ path: String, for use: Capabilities.Use, at range: SourceRange) throws -> String {
    do {
      return try modules.resolve(path, from: range.file, for: use)
    } catch {
      throw Diagnostic(error: error.message, at: range)
    }
  }

  /// A diagnostic at `range` when the session may not start processes.
  func checkStartingProcesses(at range: SourceRange) throws {
    do {
      try modules.capabilities.checkStartingProcesses()
    } catch {
      throw Diagnostic(error: error.message, at: range)
    }
  }
}

extension Arguments {
  /// Argument `i` as a path for `use`: as the script wrote it, and where it leads from the
  /// script's folder. A failure at the argument when the session may not use it so.
  func path(_ i: Int, for use: Capabilities.Use) throws -> (shown: String, absolute: String) {
    let path = try string(i)
    guard !path.isEmpty else { throw failure("expects a path, found \"\"", at: i) }
    do {
      return (path, try interpreter.modules.resolve(path, from: site.file, for: use))
    } catch {
      throw failure(error.message, at: i)
    }
  }
}
