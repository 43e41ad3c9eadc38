import ArgumentParser
import Foundation
import NNScript

/// `nnscript trial --params JSON [--seed N] [--number N] [--search-seed N] FILE [ARGS…]`: runs the script up to
/// its first `search`, which trains only the trial the parameters give. Standard output gets
/// one JSON line per epoch and a final status line; whatever the script prints goes to
/// standard error. SIGTERM stops the trial after its current batch, and the status line says
/// it was terminated. Exit code 0 when the trial completed.
struct TrialCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trial",
    abstract: "Run one trial of a script's search and report it as JSON lines (for a cluster's workers)."
  )

  @Option(help: ArgumentHelp("The trial's values, as a JSON object: '{\"lr\": 0.01}'.", valueName: "JSON"))
  var params: String

  @Option(help: "The trial's own seed (the search derives one from its number).")
  var seed: UInt64?

  @Option(help: "The trial's number in its search.")
  var number: Int = 1

  @Option(help: "The search's seed, which picks the validation part or the folds.")
  var searchSeed: UInt64?

  @ArgumentParser.Argument(
    parsing: .captureForPassthrough,
    help: ArgumentHelp("The script, then arguments the script sees as `args`.", valueName: "FILE [ARGS...]"))
  var arguments: [String] = []

  /// This program's own path, for the workers that run `nnscript trial`.
  static var executablePath: String {
    let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    return link == "/proc/self/exe" ? CommandLine.arguments[0] : link
  }

  func validate() throws {
    guard number >= 1 else { throw ValidationError("--number counts trials from 1, found \(number)") }
  }

  func run() throws {
    guard let path = arguments.first else { throw ValidationError("missing the script to run") }
    let engine = Engine(options: Engine.Options(arguments: Array(arguments.dropFirst())), output: Terminal.writeError)
    engine.onNote = { Terminal.report([$0]) }
    let number = self.number
    engine.search.trial = TrialRequest(
      parameters: params, number: number, seed: seed, searchSeed: searchSeed,
      epoch: { Terminal.write($0 + "\n") },
      ended: { line, completed in
        Terminal.write(line + "\n")
        // The trial is all this run is for: what the script does after its search is not.
        Foundation.exit(completed ? 0 : 1)
      })
    // SIGTERM, from a cluster cancelling the trial: stop after the current batch. A parent
    // may have left it blocked.
    var terminate = sigset_t()
    sigemptyset(&terminate)
    sigaddset(&terminate, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &terminate, nil)
    signal(SIGTERM, SIG_IGN)
    let interrupter = engine.interrupter
    let terminations = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    terminations.setEventHandler { interrupter.interrupt() }
    terminations.resume()
    let outcome = engine.runFile(atPath: path)
    Terminal.report(outcome)
    let reason =
      outcome.diagnostics.first { $0.severity == .error }?.message ?? "the script reached no search"
    Terminal.write((engine.search.trial?.failedLine(reason) ?? reason) + "\n")
    throw ExitCode(outcome.exitCode == 0 ? 1 : outcome.exitCode)
  }
}
