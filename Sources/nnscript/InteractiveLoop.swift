import Foundation
import NNScript

/// The plain interactive loop: reads statements line by line, asks for more lines while a
/// statement is incomplete, and echoes the value of bare expressions. A failed statement
/// leaves the session as it was. With piped input there is no prompt and no banner.
struct InteractiveLoop {
  func run() -> Int32 {
    let interactive = Terminal.inputIsInteractive
    let engine = Terminal.engine()
    if interactive { Terminal.write("nnscript \(NNScriptVersion.string) — :quit or Ctrl-D to leave\n") }
    var pending = ""
    var entry = 0
    var lastFailure: Int32 = 0
    while true {
      if interactive { Terminal.write(pending.isEmpty ? "> " : "... ") }
      guard let line = readLine(strippingNewline: false) else { break }
      if pending.isEmpty, line.trimmingCharacters(in: .whitespacesAndNewlines) == ":quit" { break }
      pending += line
      entry += 1
      let outcome = engine.evaluate(SourceFile(name: "stdin", text: pending))
      if outcome.status == .incomplete { continue }
      pending = ""
      Terminal.report(outcome)
      if outcome.status != .success { lastFailure = outcome.exitCode }
      if let value = outcome.value, case .none = value {
      } else if let value = outcome.value {
        Terminal.write(value.description + "\n")
      }
    }
    if !pending.isEmpty {
      // The input ended inside a statement: report what is missing.
      let outcome = engine.check(SourceFile(name: "stdin", text: pending))
      Terminal.report(outcome)
      lastFailure = outcome.exitCode
    }
    if interactive { Terminal.write("\n") }
    return interactive ? 0 : lastFailure
  }
}
