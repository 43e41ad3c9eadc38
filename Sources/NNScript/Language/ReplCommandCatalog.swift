/// A `:` command of an interactive loop, typed at the start of a line.
public struct ReplCommandSpec: Sendable {
  /// What the command takes after its name.
  public enum Argument: Sendable {
    /// Nothing.
    case none
    /// An optional help topic.
    case topic
    /// A file path.
    case file
  }

  /// The command as typed, colon included (`:load`).
  public let name: String
  /// What it takes after its name.
  public let argument: Argument
  /// What it does, in a phrase for help.
  public let summary: String

  /// `:load FILE`, as help shows it.
  public var usage: String {
    switch argument {
    case .none: return name
    case .topic: return "\(name) [TOPIC]"
    case .file: return "\(name) FILE"
    }
  }
}

/// The `:` commands of the interactive loop, for its help and for completion. The library does
/// not run them: they act on the loop (a fresh session, leaving), not inside a script.
///
/// Public because a host's loop (the command-line tool's) runs them: it looks up what it was
/// typed, and completion offers the same names.
public enum ReplCommandCatalog {
  /// Every `:` command, in the order help lists them.
  static let commands: [ReplCommandSpec] = [
    ReplCommandSpec(
      name: ":help", argument: .topic,
      summary: "lists what there is, or explains a command, option, layer, word or function"),
    ReplCommandSpec(name: ":load", argument: .file, summary: "runs a script file in this session"),
    ReplCommandSpec(name: ":vars", argument: .none, summary: "lists your variables and their values"),
    ReplCommandSpec(name: ":runs", argument: .none, summary: "compares every training run of the session"),
    ReplCommandSpec(name: ":save", argument: .file, summary: "writes a script that rebuilds this session"),
    ReplCommandSpec(name: ":reset", argument: .none, summary: "starts a fresh session"),
    ReplCommandSpec(name: ":quit", argument: .none, summary: "leaves the loop, as Ctrl-D does"),
  ]

  /// The command called `name` (colon included), or nil when there is none.
  public static func spec(_ name: String) -> ReplCommandSpec? { commands.first { $0.name == name } }
  /// The commands' names, colons included.
  public static var names: [String] { commands.map(\.name) }

  /// The command a mistyped name most likely meant, for "did you mean".
  public static func closest(to name: String) -> String? { Suggestions.closest(to: name, in: names) }
}
