import Foundation
import NNCore
import Testing

@testable import NNScript

/// Model files and checkpoints that `save` and `train … checkpoint:` wrote, and the
/// repository's CSV files, broken by `FileMutator` and read back through `FuzzHarness`:
/// each must give a value or a diagnostic, never a crash.
///
/// Mutant #i of a kind comes from `SeededGenerator(seed: seed + i)`, so a failure names the
/// seed and the mutant number and can be replayed alone.
@Suite struct FileMutationTests {
  static let seed: UInt64 = 20_261_203

  /// Writes the files the mutants start from: two model files (dense, and convolutional with
  /// an image shape) and two checkpoints (with and without early stopping's best epoch).
  static func savedFiles(in folder: URL) throws -> (models: [[UInt8]], checkpoints: [[UInt8]]) {
    let script = folder.appendingPathComponent("make.nns")
    try Data(
      (FuzzHarness.checkpointData + """
        net < dense 8 relu; bn; dense 3 softmax >
        r = train epochs: 2 batch: 16 checkpoint: "plain" quiet: true
        save "dense.safetensors"
        r = train epochs: 3 batch: 32 early: 1 checkpoint: "early" quiet: true
        images = split(minmax(load("digits")), 0.8)
        net < conv2d 2 3 relu pad: same; maxpool 2; flatten; dense 10 softmax >
        r = train on: images epochs: 1 steps: 2 quiet: true
        save "conv.safetensors"

        """).utf8
    ).write(to: script)
    let outcome = Engine(options: Engine.Options(seed: 1)).runFile(atPath: script.path)
    try #require(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(path))) }
    return (
      [try bytes("dense.safetensors"), try bytes("conv.safetensors")],
      [try bytes("plain/checkpoint.safetensors"), try bytes("early/checkpoint.safetensors")]
    )
  }

  /// The repository's small CSV files.
  static let csvFiles: [[UInt8]] = [
    "Tests/Golden/data/missing.csv", "Tests/Golden/data/mixed.csv", "Tests/Golden/data/ragged.csv",
    "examples/data/penguins-lite.csv", "Sources/NNCore/Data/Bundled/iris.csv", "Sources/NNCore/Data/Bundled/wine.csv",
  ].compactMap { try? Array(Data(contentsOf: Support.root.appendingPathComponent($0))) }

  @Test(.timeLimit(.minutes(4)))
  func mutatedFilesGiveAValueOrADiagnostic() throws {
    let folder = try Support.folder("file-mutants")
    defer { try? FileManager.default.removeItem(at: folder) }
    let saved = try Self.savedFiles(in: folder)
    try #require(Self.csvFiles.count == 6, "a CSV file the mutants start from is missing")
    let kinds: [(FuzzHarness.Target, [[UInt8]], FileMutator.Format, Int)] = [
      (.model, saved.models, .safetensors, 300),
      (.checkpoint, saved.checkpoints, .safetensors, 200),
      (.csv, Self.csvFiles, .csv, 300),
    ]
    for (target, bases, format, count) in kinds {
      let harness = FuzzHarness(target)
      defer { harness.remove() }
      // The unbroken files read back, so that the mutants start from something that works
      // (but for the CSV files that show the reader's errors).
      for base in bases where target != .csv {
        let outcome = try harness.run(base)
        #expect(outcome.status == .success, "\(target) base: \(DiagnosticRenderer().render(outcome.diagnostics))")
      }
      let lastInput = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-file-mutant-\(target)")
      print("file mutation (\(target)): if the process crashes, the mutant it was reading is in \(lastInput.path)")
      var read = 0
      var reasons: [String: Int] = [:]
      for i in 0..<count {
        var rng = SeededGenerator(seed: Self.seed &+ UInt64(i))
        let base = Int.random(in: bases.indices, using: &rng)
        let (bytes, applied) = FileMutator.mutant(of: bases[base], as: format, using: &rng)
        let label = "\(target) mutant #\(i) of seed \(Self.seed) (file \(base): \(applied.joined(separator: ", ")))"
        try Data(bytes).write(to: lastInput)
        let outcome = try harness.run(bytes)
        if outcome.status == .success { read += 1 }
        if let error = outcome.diagnostics.first(where: { $0.severity == .error }) {
          reasons[
            String(error.message.replacingOccurrences(of: harness.folderPath, with: "").prefix(60)), default: 0] += 1
        }
        if let problem = FuzzHarness.problem(with: outcome) { Issue.record("\(label): \(problem)") }
      }
      let common = reasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.value)× \($0.key)" }
      print(
        "file mutation (\(target)): \(count) mutants, \(read) read as a value, \(count - read) refused, most often: \(common.joined(separator: "; "))"
      )
    }
  }
}
