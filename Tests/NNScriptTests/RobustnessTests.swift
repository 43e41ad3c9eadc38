import Foundation
import NNCore
import Testing

@testable import NNScript

/// Feeds broken source through lexer, parser and checker. Whatever the input, checking must
/// not crash, must not take long, and must explain every failure with an error that points
/// inside the file and renders as `name:LINE:COL: error: …`.
///
/// Everything is derived from a fixed seed: input #i comes from `SeededGenerator(seed: seed + i)`,
/// so a failure names the seed and the input number and can be replayed alone.
@Suite struct RobustnessTests {
  static let seed: UInt64 = 20_240_601
  static let inputCount = 10_000

  /// The scripts the mutations start from.
  static let corpus: [SourceFile] = ["examples", "Sources/NNScript/Stdlib", "grammar/examples", "Tests/Golden"]
    .flatMap(Support.scripts(in:))
    .compactMap { url in
      (try? String(contentsOf: url, encoding: .utf8)).map { SourceFile(name: url.lastPathComponent, text: $0) }
    }

  @Test(.timeLimit(.minutes(10)))
  func mutatedScriptsFailWithADiagnostic() throws {
    try #require(!Self.corpus.isEmpty, "no .nns scripts found to mutate")
    var checker = RobustnessChecker(name: "mutated")
    for i in 0..<Self.inputCount {
      var rng = SeededGenerator(seed: Self.seed &+ UInt64(i))
      let base = Self.corpus.randomElement(using: &rng)!
      var bytes = base.bytes
      var applied: [String] = []
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        let mutation = Mutation.allCases.randomElement(using: &rng)!
        bytes = mutation.apply(to: bytes, using: &rng)
        applied.append("\(mutation)")
      }
      checker.check(bytes, label: "seed \(Self.seed) + input #\(i) (\(base.name), \(applied.joined(separator: ", ")))")
    }
    checker.finish()
  }

  /// Inputs far deeper than any real script: the parser must refuse them politely rather
  /// than run out of stack, in itself or in the checker.
  // A safety net against a hang, far above the seconds it takes on a loaded machine.
  @Test(.timeLimit(.minutes(10)))
  func deepNestingFailsWithADiagnostic() {
    let n = 10_000
    let inputs = [
      String(repeating: "(", count: n),
      String(repeating: "[", count: n),
      String(repeating: "{", count: n),
      String(repeating: "-", count: n),
      String(repeating: "not ", count: n),
      String(repeating: "net < ", count: n),
      String(repeating: "net < dense (", count: n),
      String(repeating: "if true { ", count: n),
      String(repeating: "fn f() { ", count: n),
      "x = " + String(repeating: "{a: ", count: n),
      "x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
      "x = " + String(repeating: "[", count: n) + String(repeating: "]", count: n),
      // Operator and postfix chains: deep trees built without any bracket.
      "x = " + String(repeating: "1 + ", count: n) + "1",
      "x = " + String(repeating: "1 < ", count: n) + "1",
      "x = " + String(repeating: "true and ", count: n) + "true",
      "x = " + String(repeating: "2 ** ", count: n) + "2",
      "x = [0]" + String(repeating: "[0]", count: n),
      "x = {a: 1}" + String(repeating: ".a", count: n),
      "x = f" + String(repeating: "()", count: n),
    ]
    var checker = RobustnessChecker(name: "deep")
    for (i, text) in inputs.enumerated() {
      checker.check(Array(text.utf8), label: "deep input #\(i) (\(text.prefix(16))… \(text.utf8.count) bytes)")
    }
    checker.finish()
  }
}

/// Checks inputs one by one with a single engine (checking runs nothing, so it stays clean)
/// and asserts what must hold for each.
private struct RobustnessChecker {
  private let engine = Engine()
  /// Each input is written here before it is checked: if the process crashes, this file
  /// holds the input that crashed it.
  private let lastInput: URL
  private let name: String
  private var checked = 0
  private var rejected = 0
  private var incomplete = 0
  private var slowest: (time: Duration, label: String, text: String) = (.zero, "", "")

  init(name: String) {
    self.name = name
    lastInput = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-robustness-\(name).nns")
    print("robustness (\(name)): if the process crashes, the input it was checking is in \(lastInput.path)")
  }

  mutating func check(_ bytes: [UInt8], label: String) {
    // A String is always valid UTF-8: invalid bytes reach the lexer as U+FFFD.
    let file = SourceFile(name: "fuzz.nns", text: String(decoding: bytes, as: UTF8.self))
    try? Data(file.bytes).write(to: lastInput)
    let clock = ContinuousClock()
    var outcome: Outcome?
    let time = clock.measure { outcome = engine.check(file) }
    checked += 1
    if time > slowest.time { slowest = (time, label, file.text) }
    guard let outcome, outcome.status != .success else { return }
    rejected += 1

    let shown = Self.shown(file.text)
    let errors = outcome.diagnostics.filter { $0.severity == .error }
    #expect(!errors.isEmpty, "\(label): status \(outcome.status) without an error\n\(shown)")
    for error in errors {
      guard let range = error.range else {
        Issue.record("\(label): error '\(error.message)' has no source range\n\(shown)")
        continue
      }
      let size = range.file.bytes.count
      #expect(
        0 <= range.start && range.start <= range.end && range.end <= size,
        "\(label): error '\(error.message)' spans \(range.start)..<\(range.end) in \(size) bytes\n\(shown)")
      let rendered = DiagnosticRenderer().render(error)
      let header = "\(range.file.name):\(range.line):\(range.column): error:"
      #expect(rendered.hasPrefix(header), "\(label)\n\(shown)")
    }

    // Incomplete means the input ended too early, so the error must sit at its end: at or
    // after the last token that is not a line break. Only the lexer and parser mark errors
    // incomplete, so this file's are exactly those that make `Parser.parse(file).isIncomplete`.
    let atEnd = errors.filter { $0.isIncomplete && $0.range?.file === file }
    if !atEnd.isEmpty {
      incomplete += 1
      let lastToken = Lexer.tokenize(file).tokens.last { $0.kind != .newline && $0.kind != .eof }
      let lastStart = lastToken?.start ?? 0
      for error in atEnd {
        #expect(
          error.range!.start >= lastStart,
          "\(label): incomplete error '\(error.message)' before the last token, at \(lastStart)\n\(shown)")
      }
    }
  }

  /// Prints a summary, naming the slowest input. A hang fails the test by its time limit, not
  /// by a figure this machine's load could reach.
  func finish() {
    print(
      "robustness (\(name)): \(checked) inputs, \(rejected) rejected (\(incomplete) as incomplete); slowest \(slowest.time): \(slowest.label)"
    )
  }

  /// The input as a Swift literal, cut short when huge.
  private static func shown(_ text: String) -> String {
    let limit = 2_000
    return text.count <= limit
      ? text.debugDescription : "\(String(text.prefix(limit)).debugDescription) … (\(text.utf8.count) bytes)"
  }
}

/// One way to break a script, at the level of tokens or of bytes.
private enum Mutation: CaseIterable {
  case deleteToken, duplicateToken, swapTokens
  case deleteByte, duplicateByte, swapBytes, replaceByte, insertBytes, truncate

  /// Bytes that matter to the lexer and parser, plus some that should never appear.
  static let interesting: [UInt8] =
    Array("([{<>}])\"'#\\;:,.=-+*/ \n\t\r".utf8) + [0, 1, 0x1B, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]

  func apply(to input: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
    var b = input
    switch self {
    case .deleteToken:
      guard let t = Self.randomTokens(1, of: &b, using: &rng).first else { break }
      b.removeSubrange(t)
    case .duplicateToken:
      guard let t = Self.randomTokens(1, of: &b, using: &rng).first else { break }
      b.insert(contentsOf: b[t], at: t.upperBound)
    case .swapTokens:
      let pair = Self.randomTokens(2, of: &b, using: &rng).sorted { $0.lowerBound < $1.lowerBound }
      guard pair.count == 2, pair[0].upperBound <= pair[1].lowerBound else { break }
      // The later one first, so that the earlier range still points at the right bytes.
      let original = b
      b.replaceSubrange(pair[1], with: original[pair[0]])
      b.replaceSubrange(pair[0], with: original[pair[1]])
    case .deleteByte where !b.isEmpty:
      b.remove(at: Int.random(in: b.indices, using: &rng))
    case .duplicateByte where !b.isEmpty:
      let i = Int.random(in: b.indices, using: &rng)
      b.insert(b[i], at: i)
    case .swapBytes where !b.isEmpty:
      b.swapAt(Int.random(in: b.indices, using: &rng), Int.random(in: b.indices, using: &rng))
    case .replaceByte where !b.isEmpty:
      b[Int.random(in: b.indices, using: &rng)] = Self.randomByte(using: &rng)
    case .insertBytes:
      let inserted = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Self.randomByte(using: &rng) }
      b.insert(contentsOf: inserted, at: Int.random(in: 0...b.count, using: &rng))
    case .truncate:
      b.removeSubrange(Int.random(in: 0...b.count, using: &rng)...)
    case .deleteByte, .duplicateByte, .swapBytes, .replaceByte:
      break  // an empty input has no byte to change
    }
    return b
  }

  /// `count` random tokens of `bytes` (line breaks included), as byte ranges. Lexing sees
  /// invalid UTF-8 as U+FFFD, so `bytes` is replaced by the repaired text the ranges refer to.
  private static func randomTokens(_ count: Int, of bytes: inout [UInt8], using rng: inout SeededGenerator) -> [Range<
    Int
  >] {
    let file = SourceFile(name: "", text: String(decoding: bytes, as: UTF8.self))
    bytes = file.bytes
    let tokens = Lexer.tokenize(file).tokens.dropLast()  // not EOF
    guard !tokens.isEmpty else { return [] }
    return (0..<count).map { _ in
      let token = tokens.randomElement(using: &rng)!
      return token.start..<token.end
    }
  }

  /// Mostly interesting bytes, sometimes any byte at all.
  private static func randomByte(using rng: inout SeededGenerator) -> UInt8 {
    Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
  }
}
