import Foundation
import Testing

@testable import NNScript

/// The doctor's scenario suite: broken training scripts built from the seeds' examples, and
/// healthy ones. Each script says what it expects in its header:
///
///     # doctor: lr-too-high        the top finding's code (or `healthy`: no warning at all)
///     # fix: val_acc >= 0.9        what `fix` reaches: its metric (val_acc, val_balanced_acc
///                                  or val_loss, as `fix` names it), >= or <=, and a bound
///     # budget: 2                  fix's budget, 3 when absent
///
/// The script runs as a file would; a `train` the doctor refuses ends it, as it ends a file.
/// Then `d = doctor` and `f = fix` run in the same session, as a user would type them.
struct ScenarioTests {
  static let broken = Support.scripts(in: "Tests/Scenarios/broken")
  static let healthy = Support.scripts(in: "Tests/Scenarios/healthy")

  /// What a scenario's header asks for.
  struct Expectation {
    var code: String?
    var fix: (metric: String, atLeast: Bool, bound: Double)?
    var budget = 3

    init(_ text: String) {
      for line in text.split(separator: "\n") where line.hasPrefix("# ") {
        let words = line.dropFirst(2).split(separator: " ").map(String.init)
        switch words.first {
        case "doctor:" where words.count == 2: code = words[1]
        case "fix:" where words.count == 4 && [">=", "<="].contains(words[2]):
          fix = Double(words[3]).map { (words[1], words[2] == ">=", $0) }
        case "budget:" where words.count == 2: budget = Int(words[1]) ?? budget
        default: break
        }
      }
    }
  }

  /// What a session printed.
  final class Transcript: @unchecked Sendable {
    var text = ""
  }

  /// Runs the script, then `d = doctor`; returns the session and the report's codes.
  private func diagnose(_ url: URL) throws -> (engine: Engine, codes: [String], text: String, output: Transcript) {
    let text = try String(contentsOf: url, encoding: .utf8)
    let output = Transcript()
    let engine = Engine(output: { output.text += $0 })
    let outcome = engine.runFile(atPath: url.path)
    let doctor = engine.run(SourceFile(name: "session", text: "d = doctor"))
    let rendered = DiagnosticRenderer().render(outcome.diagnostics + doctor.diagnostics)
    try #require(doctor.status == .success, "\(url.lastPathComponent): \(rendered)")
    let codes = try #require(Support.member(engine[variable: "d"], "codes").flatMap(Self.strings))
    if outcome.status != .success {
      // Only the doctor may stop a scenario: a refused `train`, for an error in its setup.
      let severities = Support.member(engine[variable: "d"], "findings").flatMap(Self.severities) ?? []
      #expect(severities.first == "error", "\(url.lastPathComponent) failed: \(rendered)")
    }
    return (engine, codes, text, output)
  }

  @Test func theSuiteHasItsCounts() {
    #expect(Self.broken.count >= 60, "at least 60 broken scripts")
    #expect(Self.healthy.count >= 40, "at least 40 healthy scripts")
    let expected = Self.broken.compactMap { try? Expectation(String(contentsOf: $0, encoding: .utf8)).code }
    let counts = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
    // Every problem in at least two shapes: one scenario per code would calibrate on one case.
    let thin = Finding.Code.allCases.filter { $0 != .converged && counts[$0.rawValue, default: 0] < 2 }
    #expect(thin.isEmpty, "codes with fewer than two scenarios: \(thin.map(\.rawValue))")
  }

  @Test(arguments: broken)
  func aBrokenScriptPutsItsCodeOnTopAndFixRepairsIt(_ url: URL) throws {
    let name = url.lastPathComponent
    let (engine, codes, text, transcript) = try diagnose(url)
    let expectation = Expectation(text)
    let code = try #require(expectation.code, "\(name) names its code in a `# doctor:` line")
    #expect(codes.first == code, "\(name): top of \(codes)")
    let (metric, atLeast, bound) = try #require(expectation.fix, "\(name) states what fix reaches")

    transcript.text = ""
    let fix = engine.run(SourceFile(name: "session", text: "f = fix budget: \(expectation.budget)"))
    try #require(fix.status == .success, "\(name): \(DiagnosticRenderer().render(fix.diagnostics))")
    let result = engine[variable: "f"]
    #expect(Support.member(result, "metric").flatMap(Self.string) == metric, "\(name): fix judges by \(metric)")
    let after = try #require(Support.number(Support.member(result, "after")), "\(name): \(transcript.text)")
    #expect(atLeast ? after >= bound : after <= bound, "\(name): \(metric) \(after)\n\(transcript.text)")
  }

  @Test(arguments: healthy)
  func aHealthyScriptGetsNoWarning(_ url: URL) throws {
    let (engine, codes, text, _) = try diagnose(url)
    #expect(Expectation(text).code == "healthy", "\(url.lastPathComponent) says `# doctor: healthy`")
    let severities = Support.member(engine[variable: "d"], "findings").flatMap(Self.severities) ?? []
    #expect(severities.allSatisfy { $0 == "info" }, "\(url.lastPathComponent): \(codes)")
  }

  private static func string(_ value: Value) -> String? {
    if case .string(let s) = value { s } else { nil }
  }

  private static func strings(_ value: Value) -> [String]? {
    guard case .list(let items) = value else { return nil }
    return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
  }

  private static func severities(_ value: Value) -> [String]? {
    guard case .list(let items) = value else { return nil }
    return items.compactMap { item in
      if case .string(let s) = Support.member(item, "severity") { s } else { nil }
    }
  }
}
