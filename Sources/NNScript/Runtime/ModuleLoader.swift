import Foundation

/// Finds, reads and parses the files named by `import`, each once per session, and resolves
/// every path a script names, as far as the session's capabilities allow.
final class ModuleLoader {
  struct Failure: Error {
    let message: String
  }

  private var cache: [String: Program] = [:]
  /// What the session's scripts may read and write.
  let capabilities: Capabilities

  /// A loader that has read nothing yet, for scripts that may touch what `capabilities` allow:
  /// each file is read at its first import.
  init(capabilities: Capabilities = .everything) {
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

  /// The largest script read from disk: far beyond any real one, and a bound on what a path
  /// named by mistake (a data file, a disk image) can cost.
  static let maxScriptBytes = 16 << 20

  /// Reads a source file, with a one-phrase reason when it cannot. Only a regular file is
  /// read, and its size is checked first: a FIFO may never be written and a device may never end.
  static func read(_ absolute: String, shownAs name: String) throws -> String {
    guard let (handle, info) = Descriptor.openForReading(absolute) else {
      throw Failure(message: errno == ENOENT || errno == ENOTDIR ? "cannot find '\(name)'" : "cannot read '\(name)'")
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw Failure(message: "'\(name)' is a folder, not a script")
    default: throw Failure(message: "'\(name)' is not a regular file")
    }
    let tooLarge = Failure(message: "'\(name)' is larger than \(maxScriptBytes >> 20) MB")
    guard info.st_size <= maxScriptBytes else { throw tooLarge }
    // The file may have grown since: read no more than the limit allows.
    let cannotRead = Failure(message: "cannot read '\(name)'")
    // An empty file reads as no data at all.
    guard let data = try? handle.read(upToCount: maxScriptBytes + 1) ?? Data() else { throw cannotRead }
    guard data.count <= maxScriptBytes else { throw tooLarge }
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
