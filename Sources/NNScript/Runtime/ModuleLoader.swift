import Foundation

/// Finds, reads and parses the files named by `import`, each once per session, and resolves
/// every path a script names, as far as the session's capabilities allow.
public final class ModuleLoader {
  struct Failure: Error {
    let message: String
  }

  private var cache: [String: Program] = [:]
  /// What the session's scripts may read and write.
  let capabilities: Capabilities

  /// A loader that has read nothing yet, for scripts that may touch what `capabilities` allow:
  /// each file is read at its first import.
  public init(capabilities: Capabilities = .everything) {
    self.capabilities = capabilities
  }

  /// The absolute path a script names for `use`, once the capabilities allow it: the one
  /// way to a path, so that no command reads or writes a file unchecked.
  func resolve(_ path: String, from file: SourceFile, for use: Capabilities.Use) throws(Capabilities.Denial)
    -> String
  {
    let absolute = resolve(path, from: file)
    try capabilities.check(use, absolute, shown: path)
    return absolute
  }

  /// The absolute path an import names: relative to the importing file's folder, or to the
  /// working directory for code that has no file (`-e`, the REPL).
  private func resolve(_ path: String, from file: SourceFile) -> String {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
    let base: URL
    if let importer = file.path {
      base = URL(fileURLWithPath: importer).deletingLastPathComponent()
    } else {
      base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    }
    return base.appendingPathComponent(path).standardizedFileURL.path
  }

  func load(_ path: String, from file: SourceFile) throws -> Program {
    let absolute: String
    do {
      absolute = try resolve(path, from: file, for: .reading)
    } catch {
      throw Failure(message: error.message)
    }
    if let program = cache[absolute] { return program }
    let text = try Self.read(absolute, shownAs: path)
    let program = Parser.parse(
      SourceFile(name: displayName(absolute, importedAs: path, from: file), text: text, path: absolute))
    cache[absolute] = program
    return program
  }

  /// Reads a source file, with a one-phrase reason when it cannot.
  static func read(_ absolute: String, shownAs name: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
      throw Failure(message: "cannot find '\(name)'")
    }
    guard !isDirectory.boolValue else { throw Failure(message: "'\(name)' is a folder, not a script") }
    guard let data = FileManager.default.contents(atPath: absolute) else {
      throw Failure(message: "cannot read '\(name)'")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw Failure(message: "'\(name)' is not UTF-8 text")
    }
    return text
  }

  /// Diagnostics name an imported file as the user would reach it: beside its importer.
  private func displayName(_ absolute: String, importedAs path: String, from file: SourceFile) -> String {
    guard !path.hasPrefix("/"), file.path != nil else { return path }
    let folder = (file.name as NSString).deletingLastPathComponent
    return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
  }
}
