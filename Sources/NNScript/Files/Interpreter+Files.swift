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
}
