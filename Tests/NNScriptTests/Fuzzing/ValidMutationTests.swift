import Foundation
import NNCore
import Testing

@testable import NNScript

/// Mutates the repository's scripts so that they stay valid (see `ScriptMutator`) and runs
/// each mutant for real, in a fresh engine on tiny data: whatever it does, it must end with
/// a value or with errors that say what is wrong, never crash, trap or hang.
///
/// Mutant #i comes from `SeededGenerator(seed: seed + i)` and runs with that seed, so a
/// failure names the seed and the mutant number and can be replayed alone.
@Suite struct ValidMutationTests {
  static let seed: UInt64 = 20_261_202
  static let mutantCount = 300

  /// The scripts the mutants start from: those that start no process (`cluster:`).
  static let bases: [URL] = ["examples", "Tests/Golden", "Tests/Scenarios"]
    .flatMap(Support.scripts(in:))
    .filter { url in
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
      return !text.contains("cluster:")
    }

  @Test(.timeLimit(.minutes(6)))
  func validMutantsRunToAValueOrADiagnostic() throws {
    try #require(!Self.bases.isEmpty, "no .nns scripts found to mutate")
    let mutators = Self.bases.map { url in
      ScriptMutator(
        SourceFile(name: url.lastPathComponent, text: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
    }
    let work = try Support.folder("valid-mutants")
    defer { try? FileManager.default.removeItem(at: work) }
    let lastInput = FileManager.default.temporaryDirectory.appendingPathComponent("nnscript-valid-mutant.nns")
    print("valid mutation: if the process crashes, the mutant it was running is in \(lastInput.path)")

    var statuses: [Outcome.Status: Int] = [:]
    var trained = 0
    var refused = 0
    var reasons: [String: Int] = [:]
    var slowest: (time: Duration, label: String) = (.zero, "")
    for i in 0..<Self.mutantCount {
      var rng = SeededGenerator(seed: Self.seed &+ UInt64(i))
      let index = Int.random(in: mutators.indices, using: &rng)
      let (text, applied) = mutators[index].mutant(using: &rng)
      let base = Self.bases[index]
      let label =
        "seed \(Self.seed) + mutant #\(i) (\(base.path.dropFirst(Support.root.path.count + 1)): \(applied.joined(separator: ", ")))"
      let script = try Self.place(text, like: base, in: work.appendingPathComponent("\(i)"))
      try Data("# \(label)\n\(text)".utf8).write(to: lastInput)

      let seed = Self.seed &+ UInt64(i)
      let (outcome, ranTraining, time) = Self.onFullStack {
        let engine = Engine(options: Engine.Options(seed: seed))
        var outcome: Outcome?
        let time = ContinuousClock().measure { outcome = engine.runFile(atPath: script.path) }
        return (outcome!, !engine.runsReport().hasPrefix("no runs yet"), time)
      }
      if time > slowest.time { slowest = (time, label) }
      statuses[outcome.status, default: 0] += 1
      if ranTraining { trained += 1 }
      // A `train` the doctor refused went through training's preparation: the network was
      // checked against the data and the doctor examined the setup (the broken scenarios
      // include refused setups on purpose, and their mutants mostly stay refused).
      if !ranTraining, outcome.diagnostics.contains(where: Self.isRefusal) { refused += 1 }
      if let error = outcome.diagnostics.first(where: { $0.severity == .error }) {
        reasons[String(error.message.prefix(50)), default: 0] += 1
      }

      if let problem = FuzzHarness.problem(with: outcome) { Issue.record("\(label): \(problem)\n\(text)") }
      try? FileManager.default.removeItem(at: work.appendingPathComponent("\(i)"))
    }
    let valid = Self.mutantCount - statuses[.invalid, default: 0] - statuses[.incomplete, default: 0]
    print(
      "valid mutation: \(Self.mutantCount) mutants of \(Self.bases.count) scripts; \(valid) passed the checker, \(trained) trained, \(refused) refused by the doctor, \(statuses[.success, default: 0]) ran to the end, \(statuses[.failed, default: 0]) stopped at a runtime error; most common errors: \(reasons.sorted { $0.value > $1.value }.prefix(8).map { "\($0.value)× \($0.key)" }.joined(separator: "; ")); slowest \(slowest.time): \(slowest.label)"
    )
    // The mutator's purpose: most mutants get past the checker, and many train.
    #expect(valid * 4 >= Self.mutantCount * 3, "only \(valid) of \(Self.mutantCount) mutants passed the checker")
    #expect(
      (trained + refused) * 10 >= Self.mutantCount * 3,
      "only \(trained) of \(Self.mutantCount) mutants trained, and \(refused) were refused by the doctor")
  }

  /// An error that names a doctor's finding code: a `train` refused for its setup.
  static func isRefusal(_ diagnostic: Diagnostic) -> Bool {
    diagnostic.severity == .error && Finding.Code.allCases.contains { diagnostic.message.hasPrefix($0.rawValue + ": ") }
  }

  /// Whatever a mutant swaps, it asks for little work: counts above their caps come down, and
  /// a command that does not say how much to do is told.
  @Test func mutantsAreBounded() {
    let base = SourceFile(
      name: "bounded.nns",
      text: """
        data = split(moons(n: 5000), 0.8)
        r = train epochs: 500 batch: 16
        s = search lr: log(1e-3, 1e-1) trials: 40
        f = fix
        for x in [1, 2] { train epochs: -4 }

        """)
    let mutator = ScriptMutator(base)
    for i in 0..<20 {
      var rng = SeededGenerator(seed: UInt64(i))
      let text = mutator.mutant(using: &rng).text
      let lines = text.split(separator: "\n").map(String.init)
      /// The number after `name: ` in line `i`.
      func value(_ name: String, _ i: Int) -> Double? {
        guard let match = lines[i].firstMatch(of: try! Regex("\\b\(name): (-?[0-9.e-]+)")) else { return nil }
        return Double(match.output[1].substring ?? "")
      }
      #expect(value("n", 0).map { $0 <= 120 } == true, "\(text)")
      #expect(value("epochs", 1).map { $0 <= 3 } == true, "\(text)")
      #expect(value("epochs", 2) == 2 && value("trials", 2).map { $0 <= 2 } == true, "\(text)")
      #expect(value("budget", 3) == 1, "\(text)")
      // A count below 1 stays, for the diagnostic it should get.
      #expect(value("epochs", 4).map { $0 < 1 } == true, "\(text)")
    }
  }

  /// Runs `body` on a thread with a 64 MB stack, so that a mutant's recursion without an end
  /// reaches the limit of 200 nested calls (the message every run gives) rather than the stack
  /// guard, whose message would depend on the thread (HugeInputTests covers that case).
  static func onFullStack<T>(_ body: @escaping () -> T) -> T {
    let handoff = Handoff<T>()
    nonisolated(unsafe) let body = body
    let thread = Thread {
      handoff.value = body()
      handoff.done.signal()
    }
    thread.stackSize = 64 << 20
    thread.start()
    handoff.done.wait()
    return handoff.value!
  }

  /// Writes a mutant into a fresh folder laid out like its script's: beside links to the
  /// folders next to the script and next to its folder (`data/`, `modules/`, `../data/`), so
  /// that it reads what its script reads while what it writes stays in the fresh folder.
  static func place(_ text: String, like script: URL, in folder: URL) throws -> URL {
    let original = script.deletingLastPathComponent()
    let copy = folder.appendingPathComponent(original.lastPathComponent)
    try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
    try linkFolders(of: original.deletingLastPathComponent(), into: folder, except: original.lastPathComponent)
    try linkFolders(of: original, into: copy, except: nil)
    let url = copy.appendingPathComponent(script.lastPathComponent)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// Links each folder in `original` but `build` (what scripts write) and `except` into `copy`.
  private static func linkFolders(of original: URL, into copy: URL, except: String?) throws {
    let files = FileManager.default
    for name in try files.contentsOfDirectory(atPath: original.path) where name != "build" && name != except {
      var isFolder: ObjCBool = false
      let path = original.appendingPathComponent(name).path
      if files.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        try files.createSymbolicLink(atPath: copy.appendingPathComponent(name).path, withDestinationPath: path)
      }
    }
  }
}

/// A value handed from the thread that computes it to the one that waits for it.
private final class Handoff<T>: @unchecked Sendable {
  var value: T?
  let done = DispatchSemaphore(value: 0)
}
