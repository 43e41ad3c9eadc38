import Foundation
import NNScript
import Testing

/// Golden script tests: each `Tests/Golden/NAME.nns` runs, and what it prints must equal
/// `NAME.out`, its diagnostics `NAME.err` (absent means none), and its exit code the
/// `# exit: N` on its first line (absent means 0). `NNSCRIPT_UPDATE_GOLDEN=1` rewrites the
/// expectations from the actual results, for review in the diff.
struct GoldenTests {
  static let folder = Support.root.appendingPathComponent("Tests/Golden")

  static var scripts: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".nns") }.sorted()
  }

  @Test("golden scripts exist")
  func thereAreGoldenScripts() {
    #expect(Self.scripts.count >= 20)
  }

  @Test("golden script", arguments: scripts)
  func golden(_ name: String) throws {
    let script = Self.folder.appendingPathComponent(name)
    let text = try String(contentsOf: script, encoding: .utf8)
    let expectedExit =
      text.split(separator: "\n").first.flatMap { line -> Int32? in
        guard line.hasPrefix("# exit: ") else { return nil }
        return Int32(line.dropFirst("# exit: ".count))
      } ?? 0

    var output = ""
    let engine = Engine(output: { output += $0 })
    let outcome = engine.runFile(atPath: script.path, name: name)
    let errors = DiagnosticRenderer().render(outcome.diagnostics)

    let base = script.deletingPathExtension()
    let outFile = base.appendingPathExtension("out")
    let errFile = base.appendingPathExtension("err")
    if ProcessInfo.processInfo.environment["NNSCRIPT_UPDATE_GOLDEN"] == "1" {
      try output.write(to: outFile, atomically: true, encoding: .utf8)
      if errors.isEmpty {
        try? FileManager.default.removeItem(at: errFile)
      } else {
        try errors.write(to: errFile, atomically: true, encoding: .utf8)
      }
    }
    let expectedOutput = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let expectedErrors = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    #expect(output == expectedOutput, "stdout of \(name)")
    #expect(errors == expectedErrors, "diagnostics of \(name)")
    #expect(outcome.exitCode == expectedExit, "exit code of \(name): \(errors)")
  }
}
