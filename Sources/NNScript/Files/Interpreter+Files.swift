import Foundation

/// The one way a command writes a whole file: `save`, `save … to:`, `plot … to:`, `report`.
extension Interpreter {
  /// Replaces the file at `absolute` with `data` (AtomicFile); a failure is an error at
  /// `range`, the file named as the script wrote it: `cannot write 'model.safetensors': …`.
  func writeFile(_ data: Data, to absolute: String, shown: String, at range: SourceRange) throws {
    do {
      try AtomicFile.write(data, to: absolute)
    } catch {
      throw Diagnostic(error: "cannot write '\(shown)': \(error.reason)", at: range)
    }
  }

  /// A path argument as the script gave it, and where it leads for `use`: relative to the script.
  func path(_ argument: (Value, SourceRange), for command: String, what: String, use: Capabilities.Use) throws -> (
    shown: String, absolute: String
  ) {
    guard case .string(let path) = argument.0 else {
      throw Diagnostic(error: "\(command) expects \(what) path, found \(argument.0.typeName)", at: argument.1)
    }
    guard !path.isEmpty else { throw Diagnostic(error: "\(command) expects \(what) path, found \"\"", at: argument.1) }
    return (path, try resolve(path, for: use, at: argument.1))
  }
}
