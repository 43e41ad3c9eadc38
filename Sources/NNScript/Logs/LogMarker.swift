import Foundation

/// `.nnscript-log` in a log folder: the names of the files the training log wrote there, one a
/// line, so that a new run removes those and only those, whatever else the folder holds.
struct LogMarker {
  static let name = ".nnscript-log"
  /// A marker is a few names; a longer file is not one nnscript wrote.
  private static let maxLength = 1_000_000
  private static let heading = "# The files of nnscript's training log in this folder, which a new run replaces."

  var files: Set<String>

  /// The marker in `folder`; none there is a folder without files of the log.
  init(folder: String) throws(FileFailure) {
    let path = "\(folder)/\(Self.name)"
    var info = stat()
    guard lstat(path, &info) == 0 else {
      guard errno == ENOENT else { throw FileFailure.posix() }
      files = []
      return
    }
    guard info.st_mode & S_IFMT == S_IFREG, info.st_size <= Self.maxLength,
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { throw FileFailure("its \(Self.name) is not the list of files nnscript writes there") }
    // Only names the log gives its files: a marker never leads to a file elsewhere.
    files = Set(text.split(separator: "\n").map(String.init).filter(Self.isLogFile))
  }

  /// Replaces the marker in `folder` with one listing `files`.
  func write(to folder: String) throws(FileFailure) {
    let path = "\(folder)/\(Self.name)"
    var info = stat()
    // Its own file, never one a link leads to.
    if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
      throw FileFailure("its \(Self.name) is not the list of files nnscript writes there")
    }
    let text = ([Self.heading] + files.sorted()).joined(separator: "\n") + "\n"
    try AtomicFile.write(Data(text.utf8), to: path)
  }

  /// Whether `name` is one the log gives a file: `metrics.csv` or an event file's.
  static func isLogFile(_ name: String) -> Bool {
    name == MetricsCSV.name || (name.hasPrefix(EventFile.prefix) && !name.contains("/") && name != EventFile.prefix)
  }
}
