import Foundation
import NNScript

/// The one place the tool decides how to write: colour only on a terminal and never when
/// NO_COLOR is set (https://no-color.org).
enum Terminal {
  static var colorDiagnostics: Bool {
    isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }

  static var inputIsInteractive: Bool { isatty(STDIN_FILENO) != 0 }

  /// Whether standard error can take a line redrawn in place: a terminal that is not dumb,
  /// and no NO_COLOR.
  static var liveErrorOutput: Bool {
    let environment = ProcessInfo.processInfo.environment
    return isatty(STDERR_FILENO) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
  }

  /// The terminal's width in columns (80 when it cannot be told).
  static var columns: Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }

  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Writes an outcome's diagnostics to standard error.
  static func report(_ outcome: Outcome) { report(outcome.diagnostics) }

  static func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    writeError(DiagnosticRenderer(color: colorDiagnostics).render(diagnostics))
  }

  /// An engine that prints to standard output, and shows notes and training progress on
  /// standard error as they arise; its scripts may touch what `capabilities` allow.
  static func engine(arguments: [String] = [], capabilities: Capabilities = .everything) -> Engine {
    let engine = Engine(options: Engine.Options(arguments: arguments, capabilities: capabilities), output: write)
    engine.onNote = { report([$0]) }
    let display = TrainingDisplay(live: liveErrorOutput)
    engine.onTraining = display.handle
    SearchDisplay.attach(to: engine, live: liveErrorOutput)
    return engine
  }
}
