import Foundation
import NNScript

/// The interactive loop: reads statements line by line, asks for more lines while a
/// statement is incomplete, echoes the value of bare expressions and runs `:` commands. A
/// failed statement leaves the session as it was. On a terminal, lines are edited with
/// libedit; piped input gets no prompt, no banner and plain lines.
final class InteractiveLoop {
  /// What the session's scripts may touch, kept through `:reset`.
  private let capabilities: Capabilities
  private var engine: Engine
  /// The lines of a statement that is not complete yet.
  private var pending = ""
  /// Lines read so far. Piped input is one script, so each statement's positions continue
  /// its count (`stdin:7:3`); at a terminal each entry starts at line 1, as typed.
  private var linesRead = 0
  /// The line of piped input on which the pending statement starts.
  private var pendingLine = 1
  private var lastFailure: Int32 = 0
  /// Edits lines on a terminal; nil for piped input.
  private var editor: LineEditor?
  private var input = LineReader()

  init(capabilities: Capabilities = .everything) {
    self.capabilities = capabilities
    engine = Terminal.engine(capabilities: capabilities)
  }

  func run() -> Int32 {
    guard Terminal.inputIsInteractive else { return readAll() }
    editor = makeEditor()
    Terminal.write("nnscript \(NNScriptVersion.string) — :help for help, Ctrl-D to leave\n")
    // Between reading a line and running it, Ctrl-C has nothing to stop.
    _ = Interrupts.shared.answering(with: {}, during: readAll)
    Terminal.write("\n")
    return 0
  }

  /// Reads and runs lines to the end of the input; returns the exit code of the last failure.
  private func readAll() -> Int32 {
    reading: while true {
      let line: String
      if let editor {
        switch editor.read(prompt: pending.isEmpty ? "> " : "... ") {
        case .line(let text): line = text
        case .cancelled:
          pending = ""
          continue
        case .end: break reading
        }
      } else {
        guard let text = input.next() else { break }
        line = text
      }
      linesRead += 1
      if pending.isEmpty { pendingLine = editor == nil ? linesRead : 1 }
      if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
        if !runCommand(line) { break }
      } else {
        evaluate(line)
      }
    }
    // A line too long to take ends the input as an unreadable file would.
    if let failure = input.failure {
      Terminal.report([failure])
      return 2
    }
    if !pending.isEmpty {
      // The input ended inside a statement: report what is missing.
      let outcome = engine.check(SourceFile(name: "stdin", text: pending, firstLine: pendingLine))
      Terminal.report(outcome)
      lastFailure = outcome.exitCode
    }
    return lastFailure
  }

  private func makeEditor() -> LineEditor {
    let home =
      ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    return LineEditor(historyPath: home + "/.nnscript_history") { [unowned self] line, cursor in
      // The statement's earlier lines give the word its context.
      engine.completions(for: pending + line, cursor: pending.utf8.count + cursor)
    }
  }

  private func evaluate(_ line: String) {
    pending += line
    let file = SourceFile(name: "stdin", text: pending, firstLine: pendingLine)
    let outcome = guarded { engine.evaluate(file) }
    if outcome.status == .incomplete { return }
    pending = ""
    Terminal.report(outcome)
    if outcome.status != .success { lastFailure = outcome.exitCode }
    if let value = outcome.value, case .none = value {
    } else if let value = outcome.value {
      Terminal.write(value.description + "\n")
    }
  }

  /// Runs `body` with Ctrl-C stopping a training. At a terminal the session must survive it;
  /// piped input can only be stopped by Ctrl-C, so a second press exits.
  private func guarded<T>(_ body: () -> T) -> T {
    guard editor != nil else { return Interrupts.shared.stopping(engine, during: body) }
    let presses = Interrupts.shared.presses
    defer {
      if Interrupts.shared.presses != presses {
        // The terminal echoed ^C where the cursor was: the next prompt starts on a clean line.
        Terminal.write("\r\u{1B}[K")
      }
    }
    return Interrupts.shared.interrupting(engine, during: body)
  }

  /// Runs a `:` command; false when it asks to leave.
  private func runCommand(_ line: String) -> Bool {
    let result = guarded { ReplCommands(engine: engine).run(line, firstLine: pendingLine) }
    switch result {
    case .done(let status): if status != 0 { lastFailure = status }
    case .reset: engine = Terminal.engine(capabilities: capabilities)
    case .quit: return false
    }
    return true
  }
}
