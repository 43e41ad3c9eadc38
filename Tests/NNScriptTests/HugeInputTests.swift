import Foundation
import Testing

@testable import NNScript

/// Megabyte inputs of one thing repeated, checked and run on a thread with a 512 KB stack as a
/// host may give a worker: no stage may recurse once per character, token, statement or list
/// element, and what is reported stays small however many mistakes the input holds.
/// The inputs run one at a time: each takes a core for seconds in a debug build, and other
/// suites share the machine.
@Suite(.serialized) struct HugeInputTests {
  static let megabyte = 1 << 20

  /// Runs `body` on a thread with a small stack and waits for it to finish.
  private static func onSmallStack(_ body: @escaping @Sendable () -> [Outcome]) -> [Outcome] {
    let box = OutcomeBox()
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.outcomes = body()
      finished.signal()
    }
    thread.stackSize = 512 << 10
    thread.start()
    finished.wait()
    return box.outcomes
  }

  /// What `check` and then `run` make of `text`, on a small stack.
  private static func checkedAndRun(_ text: String) -> [Outcome] {
    onSmallStack {
      let engine = Engine()
      let file = SourceFile(name: "huge.nns", text: text)
      return [engine.check(file), engine.run(file)]
    }
  }

  /// `piece` repeated to about a megabyte.
  private static func repeated(_ piece: String, prefix: String = "", suffix: String = "") -> String {
    prefix + String(repeating: piece, count: megabyte / piece.utf8.count) + suffix
  }

  static let broken: [(name: String, text: String)] = [
    ("dollars", repeated("$")),
    ("accented letters", repeated("é")),
    ("NUL bytes", repeated("\0")),
    ("open parentheses", repeated("(")),
    ("open brackets", repeated("[")),
    ("open braces", repeated("{")),
    ("minus signs", repeated("-", suffix: "x")),
    ("nots", repeated("not ", suffix: "x")),
    ("nested blocks", repeated("if true { ")),
    ("nested functions", repeated("fn f() { ")),
    ("nested net literals", repeated("net < dense (")),
    ("an else-if chain", repeated("if x {} else ", prefix: "x = 1\n", suffix: "{}")),
    ("bad escapes", repeated("\\q", prefix: "x = \"", suffix: "\"")),
    ("unknown names", repeated("y\n")),
    ("broken statements", repeated("x = )\n")),
  ]

  static let valid: [(name: String, text: String)] = [
    ("statements", repeated("x = 1\n")),
    ("a long list", repeated("1, ", prefix: "x = [", suffix: "1]")),
    ("a long record", "x = {" + (0..<50_000).map { "f\($0): 1" }.joined(separator: ", ") + "}"),
    ("a long loop body", "for i in range(2) {\n" + repeated("x = i\n") + "}"),
  ]

  // By name: a megabyte argument would be printed whole.
  @Test(.timeLimit(.minutes(10)), arguments: broken.map(\.name))
  func brokenInputIsReportedBriefly(_ name: String) {
    let outcomes = Self.checkedAndRun(Self.broken.first { $0.name == name }!.text)
    #expect(outcomes.count == 2)
    for outcome in outcomes {
      // Unclosed blocks at the end are incomplete, which a run reports as such.
      #expect(outcome.status == .invalid || outcome.status == .incomplete, "\(name)")
      #expect(outcome.diagnostics.count <= DiagnosticCollector.limit + 1, "\(name)")
      let rendered = DiagnosticRenderer().render(outcome.diagnostics)
      #expect(rendered.utf8.count < 64 << 10, "\(name): \(rendered.utf8.count) bytes of diagnostics")
    }
  }

  @Test(.timeLimit(.minutes(10)), arguments: valid.map(\.name))
  func longValidInputRuns(_ name: String) {
    let text = Self.valid.first { $0.name == name }!.text
    let outcome = Self.onSmallStack { [Engine().run(SourceFile(name: "huge.nns", text: text))] }[0]
    #expect(outcome.status == .success, "\(name): \(outcome.diagnostics.map(\.message).prefix(3))")
  }

  /// A recursion without an end: the limit of nested calls needs more stack than a small
  /// thread has (a debug build's 200 calls take 4 to 8 MB), so the stack guard ends it first.
  @Test(arguments: [
    "fn f(n) { return f(n + 1) }\nprint f(0)",
    "fn fib(n) {\n  if n < 3 { return n }\n  return fib(n - 0) + fib(n - 2)\n}\nprint fib(10)",
  ])
  func aRecursionWithoutEndStopsBeforeTheStack(_ text: String) throws {
    let outcome = Self.onSmallStack { [Engine().run(SourceFile(name: "recursion.nns", text: text))] }[0]
    #expect(outcome.status == .failed)
    let message = try #require(outcome.diagnostics.last?.message)
    #expect(message.hasPrefix("too many nested calls") || message == "nested too deeply for the stack of this thread")
  }

  @Test func deepNestingNamesTheLimit() throws {
    let outcome = Engine().check(SourceFile(name: "deep.nns", text: "x = " + String(repeating: "(", count: 1000) + "1"))
    let first = try #require(outcome.diagnostics.first)
    #expect(first.message == "nested too deeply")
    #expect(first.label == "expected at most \(Parser.maxDepth) levels of nesting")
  }

  @Test func diagnosticsPastTheLimitAreCounted() {
    let outcome = Engine().check(SourceFile(name: "many.nns", text: String(repeating: "$", count: 8 << 10)))
    let rendered = DiagnosticRenderer().render(outcome.diagnostics)
    #expect(rendered.components(separatedBy: "error: unexpected character '$'").count - 1 == DiagnosticCollector.limit)
    #expect(rendered.hasSuffix("\(8 << 10 - DiagnosticCollector.limit) more errors not shown\n"))
    #expect(rendered.utf8.count < 64 << 10)
  }

  @Test func aLongLineIsQuotedAroundTheColumn() throws {
    let text = "x = \"" + String(repeating: "a", count: 5000) + "\\q" + String(repeating: "b", count: 5000) + "\""
    let outcome = Engine().check(SourceFile(name: "long.nns", text: text))
    let rendered = DiagnosticRenderer().render(outcome.diagnostics)
    let lines = rendered.split(separator: "\n").map(String.init)
    let quoted = try #require(lines.first { $0.hasPrefix(" 1 |") })
    let underline = try #require(lines.first { $0.contains("^") })
    #expect(quoted.count < 220 + 6, "\(quoted.count) characters quoted")
    #expect(quoted.contains("…aaa") && quoted.contains("bbb…"))
    // The caret sits under the backslash it points at.
    let caret = try #require(underline.firstIndex(of: "^"))
    let column = underline.distance(from: underline.startIndex, to: caret)
    #expect(Array(quoted)[column] == "\\")
    #expect(Array(quoted)[column + 1] == "q")
  }

  /// A message names what the script wrote; a name or number a megabyte long is cut there too.
  static let hugeWords: [(name: String, text: String)] = [
    ("a command", repeated("a")),
    ("a variable", repeated("a", prefix: "print ")),
    ("a malformed number", repeated("1", suffix: "x")),
    ("a field", repeated("a", prefix: "x = {b: 1}\nprint x.")),
  ]

  @Test(arguments: hugeWords.map(\.name))
  func aHugeWordIsQuotedBriefly(_ name: String) {
    let outcomes = Self.checkedAndRun(Self.hugeWords.first { $0.name == name }!.text)
    #expect(outcomes.last?.status == .invalid || outcomes.last?.status == .failed, "\(name)")
    for outcome in outcomes {
      let rendered = DiagnosticRenderer().render(outcome.diagnostics)
      #expect(rendered.utf8.count < 4 << 10, "\(name): \(rendered.utf8.count) bytes of diagnostics")
    }
  }

  @Test func sourceLargerThanAScriptFileIsRefusedWhole() {
    let file = SourceFile(name: "host", text: String(repeating: " ", count: (16 << 20) + 1))
    let engine = Engine()
    for outcome in [engine.check(file), engine.run(file)] {
      #expect(outcome.status == .invalid)
      #expect(outcome.diagnostics.map(\.message) == ["'host' is larger than 16 MB"])
    }
  }

  @Test func controlCharactersAreNamedByCodePoint() throws {
    let outcome = Engine().check(SourceFile(name: "nul.nns", text: "x = 1\0"))
    #expect(outcome.diagnostics.first?.message == "unexpected character U+0000")
  }
}

/// What the small-stack thread hands back; the semaphore orders the accesses.
private final class OutcomeBox: @unchecked Sendable {
  var outcomes: [Outcome] = []
}
