import Foundation
import Testing

/// The interactive loop on a real pseudo-terminal: prompts, completion, history and Ctrl-C,
/// as a person at a keyboard meets them.
struct TerminalTests {
  /// A fresh `nnscript` waiting at its first prompt.
  private func start(home: URL? = nil) throws -> PseudoTerminal {
    let terminal = try PseudoTerminal(home: try home ?? Support.folder("home"))
    #expect(terminal.wait(forLine: "> "))
    return terminal
  }

  /// Types a line and waits for the next prompt.
  private func enter(_ line: String, in terminal: PseudoTerminal, prompt: String = "> ") {
    let rows = terminal.screen.lines.count
    terminal.type(line + "\r")
    #expect(terminal.wait { $0.lines.count > rows && $0.currentLine == prompt }, "no prompt after \(line)")
  }

  @Test func tabCompletesCommandsAndOptions() throws {
    let terminal = try start()
    terminal.type("tra\t")
    #expect(terminal.wait(forLine: "> train"))
    terminal.type(" ep\t")
    #expect(terminal.wait(forLine: "> train epochs:"))
  }

  @Test func tabListsTheChoicesWhenTheyDiffer() throws {
    let terminal = try start()
    terminal.type("train opt: ad\t")
    #expect(terminal.wait(forLine: "> train opt: ada"))
    terminal.type("m\t")
    #expect(terminal.wait { $0.hasLine("adam   adamw") })
    #expect(terminal.wait(forLine: "> train opt: adam"))
  }

  @Test func historySurvivesARestart() throws {
    let home = try Support.folder("home")
    let first = try start(home: home)
    enter("print 40 + 2", in: first)
    #expect(first.screen.hasLine("42"))
    first.type("\u{4}")
    #expect(first.waitForExit() == 0)
    #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent(".nnscript_history").path))

    let second = try start(home: home)
    second.type("\u{1B}[A")
    #expect(second.wait(forLine: "> print 40 + 2"))
    enter("", in: second)
    #expect(second.screen.lines.filter { String($0) == "42" }.count == 1)
  }

  @Test func ctrlRSearchesTheHistory() throws {
    let terminal = try start()
    enter("print 6 * 7", in: terminal)
    enter("x = 1", in: terminal)
    terminal.type("\u{12}6 *")
    #expect(terminal.wait(forLine: "> print 6 * 7"))
    terminal.type("\r")
    #expect(terminal.wait { $0.lines.filter { String($0) == "42" }.count == 2 })
  }

  @Test func continuationLinesCompleteAStatement() throws {
    let terminal = try start()
    enter("data = load(\"iris\")", in: terminal)
    enter("net < dense 4 relu;", in: terminal, prompt: "... ")
    enter("dense 3 softmax >", in: terminal)
    enter("summary", in: terminal)
    #expect(terminal.screen.text.contains("input width 4, 35 parameters"))
    #expect(!terminal.screen.text.contains("error"))
  }

  @Test func ctrlCAtThePromptAbandonsTheLine() throws {
    let terminal = try start()
    terminal.type("print 1 +")
    #expect(terminal.wait(forLine: "> print 1 +"))
    terminal.type("\u{3}")
    #expect(terminal.wait { $0.hasLine("> print 1 +^C") && $0.currentLine == "> " })
    enter("print 2", in: terminal)
    #expect(terminal.screen.hasLine("2"))
    #expect(!terminal.screen.text.contains("error"))
  }

  @Test func helpShowsACommandsOptions() throws {
    let terminal = try start()
    enter(":help train", in: terminal)
    let lines = terminal.screen.lines.map { String($0) }
    #expect(lines.contains { $0.hasPrefix("train: trains the current network") })
    for option in ["epochs:", "batch:", "opt:", "lr:", "early:"] {
      #expect(lines.contains { $0.hasPrefix("  \(option) ") }, "no \(option) in :help train")
    }
    // The type and the default come from the catalog's table.
    #expect(lines.contains { $0.hasPrefix("  epochs: ") && $0.hasSuffix("; a whole number ≥ 0; default: 10") })
    enter(":help batch", in: terminal)
    #expect(terminal.screen.hasLine("  e.g.     batch: 16"))
    #expect(terminal.screen.hasLine("  default  32"))
  }

  @Test func colonCommandsActOnTheSession() throws {
    let home = try Support.folder("home")
    let script = home.appendingPathComponent("setup.nns")
    try "width = 8\nfn double(x) { return 2 * x }\n".write(to: script, atomically: true, encoding: .utf8)
    let saved = home.appendingPathComponent("session.nns")
    let terminal = try start(home: home)
    enter(":load \(script.path)", in: terminal)
    enter(":vars", in: terminal)
    let lines = terminal.screen.lines.map { String($0) }
    #expect(lines.contains("width   number    8"))
    #expect(lines.contains { $0.hasPrefix("double  function") })
    #expect(!lines.contains { $0.hasPrefix("mean ") }, "the prelude is not the user's")
    enter("print double(width)", in: terminal)
    #expect(terminal.screen.hasLine("16"))
    enter(":save \(saved.path)", in: terminal)
    #expect(terminal.screen.text.contains("lines to \(saved.path)"))
    #expect(try String(contentsOf: saved, encoding: .utf8).contains("print double(width)"))
    enter(":runs", in: terminal)
    enter(":reset", in: terminal)
    enter(":vars", in: terminal)
    #expect(terminal.screen.hasLine("no variables yet"))
    enter(":lod x", in: terminal)
    #expect(terminal.screen.text.contains("unknown command ':lod'"))
    #expect(terminal.screen.text.contains("did you mean ':load'?"))
    terminal.type(":quit\r")
    #expect(terminal.waitForExit() == 0)
  }

  @Test func ctrlCStopsATrainingAndKeepsTheSession() throws {
    let terminal = try start()
    enter("data = load(\"iris\")", in: terminal)
    enter("net < dense 32 relu; dense 3 softmax >", in: terminal)
    terminal.type("r = train epochs: 100000\r")
    // An epoch's line says the training runs: the press comes during it.
    #expect(terminal.wait { $0.lines.suffix(3).contains { $0.starts(with: "epoch ") } })
    terminal.type("\u{3}")
    #expect(terminal.wait { $0.currentLine == "> " })
    enter("print r.epochs < 100000", in: terminal)
    #expect(terminal.screen.hasLine("true"))
    #expect(!terminal.screen.text.contains("unknown"))
  }

}
