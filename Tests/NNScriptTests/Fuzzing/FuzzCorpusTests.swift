import Foundation
import Testing

/// Replays every input of Tests/FuzzCorpus/TARGET/ (what `make fuzz` started from and what
/// it found) through the fuzz targets' own entry points, so that an input that once broke a
/// reader stays fixed. Inputs under Tests/FuzzCorpus/open/ still break one and are not read.
/// The `seed-…` files must read back as values.
@Suite struct FuzzCorpusTests {
  static let corpus = Support.root.appendingPathComponent("Tests/FuzzCorpus")

  @Test(arguments: FuzzHarness.Target.allCases)
  func corpusInputsGiveAValueOrADiagnostic(_ target: FuzzHarness.Target) throws {
    let folder = Self.corpus.appendingPathComponent(target.rawValue)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    try #require(!names.isEmpty, "no inputs in \(folder.path)")
    let harness = FuzzHarness(target)
    defer { harness.remove() }
    for name in names {
      let outcome = try harness.run(Array(try Data(contentsOf: folder.appendingPathComponent(name))))
      if let problem = FuzzHarness.problem(with: outcome) { Issue.record("\(target.rawValue)/\(name): \(problem)") }
      // A seed is a file nnscript wrote, which it must read back; otherwise fuzzing starts
      // from files refused at their first field.
      if name.hasPrefix("seed-") {
        #expect(outcome.status == .success, "\(target.rawValue)/\(name): \(outcome.diagnostics.map(\.message))")
      }
    }
    print("fuzz corpus (\(target.rawValue)): \(names.count) inputs replayed")
  }
}
