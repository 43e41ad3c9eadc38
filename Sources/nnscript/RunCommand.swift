import ArgumentParser
import Foundation
import NNScript

/// `nnscript FILE [ARGS…]`, `nnscript -e CODE`, or `nnscript` alone for the interactive loop.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a script, a line of code, or (with neither) the interactive loop."
  )

  @Option(name: .customShort("e"), help: ArgumentHelp("Run CODE instead of a file.", valueName: "CODE"))
  var code: String?

  @Option(
    help: ArgumentHelp(
      "Let scripts read and write files only inside DIR, and start no processes.", valueName: "DIR"))
  var sandbox: String?

  @ArgumentParser.Argument(
    parsing: .captureForPassthrough,
    help: ArgumentHelp("The script, then arguments the script sees as `args`.", valueName: "FILE [ARGS...]"))
  var arguments: [String] = []

  func run() throws {
    let capabilities = try sandbox.map(Self.sandboxed) ?? .everything
    if let code {
      let engine = Terminal.engine(arguments: arguments, capabilities: capabilities)
      throw finish(Interrupts.shared.stopping(engine) { engine.run(SourceFile(name: "-e", text: code)) })
    }
    guard let path = arguments.first else {
      throw ExitCode(InteractiveLoop(capabilities: capabilities).run())
    }
    // Passthrough parsing lets anything through; an option before the file is a mistake.
    if path.hasPrefix("-"), path != "-" {
      throw ValidationError("unknown option '\(path)'")
    }
    let engine = Terminal.engine(arguments: Array(arguments.dropFirst()), capabilities: capabilities)
    // Ctrl-C stops a training and the script carries on; a second one exits.
    throw finish(Interrupts.shared.stopping(engine) { engine.runFile(atPath: path) })
  }

  /// `--sandbox DIR`: a folder that exists, taken from the working directory, or a usage error.
  private static func sandboxed(_ folder: String) throws -> Capabilities {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw ValidationError("the sandbox folder '\(folder)' does not exist")
    }
    return .sandbox(URL(fileURLWithPath: folder).path)
  }

  private func finish(_ outcome: Outcome) -> ExitCode {
    Terminal.report(outcome)
    return ExitCode(outcome.exitCode)
  }
}

/// `nnscript check FILE…`: parse, resolve and run the static checks, without running.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check scripts without running them (for editors and CI)."
  )

  @ArgumentParser.Argument(help: ArgumentHelp("The scripts to check.", valueName: "FILE"))
  var files: [String]

  func run() throws {
    var worst: Int32 = 0
    for path in files {
      let outcome = Engine().checkFile(atPath: path)
      Terminal.report(outcome)
      // A file that cannot be read (2) outranks syntax errors (65) elsewhere.
      if outcome.exitCode == 2 || (worst != 2 && outcome.exitCode != 0) { worst = outcome.exitCode }
    }
    throw ExitCode(worst)
  }
}
