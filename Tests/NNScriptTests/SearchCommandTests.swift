import Foundation
import Testing

@testable import NNScript

/// `nnscript trial` and the bridge's copy inside the binary.
struct SearchCommandTests {
  static let script = """
    seed 3
    data = split(standardize(load("digits")), 0.8)
    fn make(width) { return net < dense width relu; dense 10 softmax > }
    s = search net: make width: [16, 32] lr: log(1e-3, 1e-1) epochs: EPOCHS trials: 4
    print "after the search"

    """

  private func scriptFile(epochs: Int) throws -> URL {
    let folder = try Support.folder("trial")
    let file = folder.appendingPathComponent("search.nns")
    try Self.script.replacingOccurrences(of: "EPOCHS", with: "\(epochs)").write(
      to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func aTrialPrintsAnEpochLineEachThenItsStatus() throws {
    let file = try scriptFile(epochs: 3)
    let result = try Support.exec(["trial", "--params", #"{"width": 16, "lr": 0.01}"#, "--seed", "9", file.path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4, "\(result.stdout)")
    for (i, line) in lines.prefix(3).enumerated() {
      let fields = try #require(JSONScalar.parse(line))
      #expect(fields["epoch"]?.number == Double(i + 1))
      #expect(fields["val_loss"]?.number != nil)
    }
    let status = try #require(JSONScalar.parse(lines[3]))
    #expect(status["status"] == .string("complete"))
    #expect(status["epochs"]?.number == 3)
    // The script stops with its trial: nothing after the search runs.
    #expect(!result.stderr.contains("after the search"))
    // The same seed and values train the same way.
    let again = try Support.exec(["trial", "--params", #"{"width": 16, "lr": 0.01}"#, "--seed", "9", file.path])
    #expect(sameLoss(again.stdout, result.stdout))
  }

  private func sameLoss(_ a: String, _ b: String) -> Bool {
    let last = { (s: String) in s.split(separator: "\n").last.flatMap { JSONScalar.parse(String($0)) }?["val_loss"] }
    return last(a) != nil && last(a) == last(b)
  }

  @Test func aTrialNumberBelowOneIsAUsageError() throws {
    let file = try scriptFile(epochs: 3)
    let result = try Support.exec(["trial", "--params", #"{"width": 16}"#, "--number=-1", file.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--number counts trials from 1, found -1"), "\(result.stderr)")
  }

  @Test func badParametersAreAFailedStatus() throws {
    let file = try scriptFile(epochs: 3)
    let result = try Support.exec(["trial", "--params", #"{"width": 17, "lr": 0.01}"#, file.path])
    #expect(result.status == 1)
    let status = try #require(JSONScalar.parse(String(result.stdout.split(separator: "\n").last ?? "")))
    #expect(status["status"] == .string("failed"))
    #expect(status["trial"]?.number == 1)
    #expect(status["message"] == .string("the trial's width 17 is not one of its choices"))
    #expect(result.stderr.contains("the trial's width 17 is not one of its choices"))
  }

  @Test func sigtermEndsTheTrialWithATerminatedStatus() throws {
    let file = try scriptFile(epochs: 100_000)
    let process = Process()
    process.executableURL = Support.binary
    process.arguments = ["trial", "--params", #"{"width": 32, "lr": 0.01}"#, file.path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for the first epoch line: the trial is training.
    let reader = out.fileHandleForReading
    var seen = Data()
    while !seen.contains(UInt8(ascii: "\n")) {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    process.terminate()
    seen.append(reader.readDataToEndOfFile())
    process.waitUntilExit()
    let lines = String(decoding: seen, as: UTF8.self).split(separator: "\n")
    let status = try #require(JSONScalar.parse(String(lines.last ?? "")))
    #expect(status["status"] == .string("terminated"))
    #expect(process.terminationReason == .exit && process.terminationStatus == 1)
  }

  @Test func theBinaryCarriesTheBridgeAsItIs() throws {
    let file = Support.root.appendingPathComponent("Sources/NNScript/Search/ray_trials.py")
    #expect(RayBridge.script == (try String(contentsOf: file, encoding: .utf8)))
  }
}

/// A trial run alone judges on the rows its search judged on, even when the script has no
/// `seed` and the search holds out the validation part itself.
struct SearchSeedTests {
  @Test func aTrialGivenItsSearchsSeedScoresAsInTheSearch() throws {
    let text = """
      data = standardize(load("iris"))
      net < dense 8 relu; dense 3 softmax >
      s = search lr: log(1e-3, 1e-1) epochs: 4 trials: 3 prune: false quiet: true

      """
    let search = Support.run(text)
    let s = search.engine[variable: "s"]
    guard case .list(let trials)? = Support.member(s, "trials"), case .record(let trial)? = trials.first else {
      Issue.record("no trials: \(search.errors)")
      return
    }
    func rerun(searchSeed: UInt64?) -> Double? {
      var status: String?
      let engine = Engine(output: { _ in })
      engine.search.trial = TrialRequest(
        parameters: #"{"lr": \#(trial["lr"]!.description)}"#, seed: UInt64(Support.number(trial["seed"])!),
        searchSeed: searchSeed, epoch: { _ in }, ended: { line, _ in status = line })
      _ = engine.run(SourceFile(name: "t.nns", text: text))
      return status.flatMap(JSONScalar.parse)?["val_loss"]?.number
    }
    let searchSeed = UInt64(try #require(Support.number(Support.member(s, "seed"))))
    #expect(rerun(searchSeed: searchSeed) == Support.number(trial["val_loss"]))
  }
}
