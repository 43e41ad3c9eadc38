import Foundation

/// What scripts of an engine may touch outside the session: which files they may read and
/// write, and whether they may start processes. A host that runs scripts it did not write
/// narrows them; by default a script may do everything.
///
///     var options = Engine.Options()
///     options.capabilities = .sandbox("/srv/jobs/42")
///     let engine = Engine(options: options)
///
/// Reading covers `csv`, `import`, `load_net` and `resume`; writing covers `save`, `save … to:`,
/// `plot`, `report`, and `train`'s `log:` and `checkpoint:`; starting processes covers
/// `search … cluster:`, which starts Ray. Bundled datasets (`load("iris")`) are always
/// allowed. A denied use stops the script with a diagnostic at the argument, before
/// anything is read, written or started.
public struct Capabilities: Sendable {
  /// Which files a script may read, or write.
  public enum FileAccess: Sendable, Equatable {
    /// None at all.
    case none
    /// Any file the process may reach.
    case anywhere
    /// Files inside these folders (or the folders themselves); a relative folder starts at
    /// the working directory. A path is judged where it really leads: after `..` and symbolic
    /// links, its own and the folders', are resolved.
    case within([String])
  }

  /// The files `csv`, `import`, `load_net` and `resume` may read.
  public var reading: FileAccess
  /// The files `save`, `plot`, `report`, `log:` and `checkpoint:` may write.
  public var writing: FileAccess
  /// Whether `search … cluster:` may start the processes that reach a Ray cluster.
  public var startsProcesses: Bool

  /// A set of capabilities; unless given, everything is allowed.
  public init(reading: FileAccess = .anywhere, writing: FileAccess = .anywhere, startsProcesses: Bool = true) {
    self.reading = reading
    self.writing = writing
    self.startsProcesses = startsProcesses
  }

  /// Everything allowed: what a script run from the command line may do.
  public static let everything = Capabilities()

  /// Nothing allowed: no files, no processes. Scripts still compute, train on bundled and
  /// generated data, and print.
  public static let nothing = Capabilities(reading: .none, writing: .none, startsProcesses: false)

  /// Reading and writing only inside `folder`, and no processes: what `nnscript --sandbox DIR` runs with.
  public static func sandbox(_ folder: String) -> Capabilities {
    Capabilities(reading: .within([folder]), writing: .within([folder]), startsProcesses: false)
  }

  /// What a script does with a file it names.
  enum Use {
    case reading, writing

    var verb: String {
      switch self {
      case .reading: "reading"
      case .writing: "writing"
      }
    }
  }

  /// Why a use was refused, in one phrase.
  struct Denial: Error {
    let message: String
  }

  /// Refuses `use` of the file at `absolute` (as the script wrote it: `shown`) unless allowed.
  func check(_ use: Use, _ absolute: String, shown: String) throws(Denial) {
    switch use == .reading ? reading : writing {
    case .anywhere: return
    case .none: throw Denial(message: "\(use.verb) files is not allowed here")
    case .within(let folders):
      guard let target = Self.realPath(absolute) else {
        throw Denial(message: "\(use.verb) '\(shown)' is outside the allowed folders")
      }
      for folder in folders {
        guard let root = Self.realPath(URL(fileURLWithPath: folder).path) else { continue }
        if root == "/" || target == root || target.hasPrefix(root + "/") { return }
      }
      throw Denial(message: "\(use.verb) '\(shown)' is outside the allowed folders")
    }
  }

  /// Refuses to start a process unless allowed.
  func checkStartingProcesses() throws(Denial) {
    guard startsProcesses else { throw Denial(message: "starting processes is not allowed here") }
  }

  /// Where an absolute path really leads: each symbolic link on the way is replaced by its
  /// target, and `..` goes up from where the link led, as the system would walk it. Parts
  /// that do not exist yet (a file about to be written) are kept as they are. Nil for a
  /// loop of links.
  static func realPath(_ absolute: String) -> String? {
    var pending = Array(absolute.split(separator: "/").reversed())
    var resolved: [Substring] = []
    var links = 0
    while let part = pending.popLast() {
      if part == "." { continue }
      if part == ".." {
        _ = resolved.popLast()
        continue
      }
      let candidate = "/" + (resolved + [part]).joined(separator: "/")
      guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate) else {
        resolved.append(part)
        continue
      }
      // As many links as the system follows (Linux's MAXSYMLINKS) before it gives up.
      links += 1
      guard links <= 40 else { return nil }
      if target.hasPrefix("/") { resolved = [] }
      pending += target.split(separator: "/").reversed()
    }
    return "/" + resolved.joined(separator: "/")
  }
}
