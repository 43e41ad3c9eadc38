import ArgumentParser
import Foundation
import NNScript

/// The root command: `nnscript FILE`, `nnscript -e CODE`, `nnscript check FILE…`, or the
/// interactive loop. Exit codes: 0 ok, 1 runtime error or failed assert, 2 usage error,
/// 65 syntax error.
struct NNScriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnscript",
    abstract: "A small scripting language for neural-network experiments.",
    usage: """
      nnscript [--sandbox DIR] [FILE [ARGS...]]
        nnscript [--sandbox DIR] -e CODE [ARGS...]
        nnscript check FILE...
      """,

    discussion: """
      --sandbox DIR lets the script, the -e code or the interactive loop read and write \
      files only inside DIR, and start no processes (search's cluster:).

      Exit codes: 0 success, 1 runtime error or failed assert, 2 usage error or unreadable \
      file, 65 syntax error.
      """,
    version: NNScriptVersion.string,
    subcommands: [RunCommand.self, CheckCommand.self, TrialCommand.self],
    defaultSubcommand: RunCommand.self
  )
}

do {
  var command = try NNScriptCommand.parseAsRoot()
  try command.run()
} catch let code as ExitCode {
  exit(code.rawValue)
} catch {
  let code = NNScriptCommand.exitCode(for: error)
  if code == .success {
    // --help and --version.
    print(NNScriptCommand.fullMessage(for: error))
    exit(0)
  }
  Terminal.writeError(NNScriptCommand.fullMessage(for: error) + "\n")
  exit(2)
}
