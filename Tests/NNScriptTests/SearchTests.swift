import Foundation
import Testing

@testable import NNScript

/// `search` from a script: what it returns, how its trials repeat, and `train with:`.
struct SearchTests {
  private static let setup = """
    seed 5
    data = split(standardize(load("iris")), 0.8)
    fn make(width) { return net < dense width relu; dense 3 softmax > }

    """

  private func run(_ text: String) -> (engine: Engine, output: String, errors: String, outcome: Outcome) {
    Support.run(Self.setup + text)
  }

  private func records(_ value: Value?) -> [Record] {
    guard case .list(let items) = value else { return [] }
    return items.compactMap { if case .record(let r) = $0 { r } else { nil } }
  }

  /// The acceptance run: 30 trials on digits, two at a time, then the best settings trained.
  @Test func aThirtyTrialDigitsSearchOnTwoJobsFindsSettingsThatReach97Percent() throws {
    let result = Support.run(
      """
      seed 3
      data = split(standardize(load("digits")), 0.8)
      fn make(width) { return net < dense width relu; dense 10 softmax > }
      s = search net: make width: [32, 64, 128] lr: log(1e-4, 1e-1) batch: [32, 64] epochs: 20 trials: 30 jobs: 2 quiet: true
      r = train with: s.best quiet: true
      """)
    #expect(result.outcome.status == .success, "\(result.errors)")
    #expect(records(Support.member(result.engine[variable: "s"], "trials")).count == 30)
    let (s, r) = (result.engine[variable: "s"], result.engine[variable: "r"])
    let accuracy = try #require(Support.number(Support.member(r, "val_acc")))
    #expect(accuracy >= 0.97)
    // The best settings carry the trial's seed: the retraining is the trial the search scored.
    #expect(Support.number(Support.member(r, "val_loss")) == Support.number(Support.member(s, "val_loss")))
  }

  @Test func searchReturnsItsTrialsBestFirstAndTheBestSettings() throws {
    let result = run("s = search net: make width: [4, 16] lr: log(1e-3, 1e-1) epochs: 9 trials: 12\n")
    #expect(result.outcome.status == .success, "\(result.errors)")
    let s = result.engine[variable: "s"]
    let trials = records(Support.member(s, "trials"))
    #expect(trials.count == 12)
    // Complete trials first, by validation loss; the best is the first.
    let complete = trials.prefix { $0["state"]?.display == "complete" }
    #expect(!complete.isEmpty)
    let losses = complete.compactMap { Support.number($0["val_loss"]) }
    #expect(losses == losses.sorted())
    #expect(Support.number(Support.member(s, "val_loss")) == losses.first)
    #expect(Support.number(Support.member(s, "trial")) == Support.number(trials[0]["trial"]))
    // Pruning is on: with 12 trials some stop early.
    #expect(trials.contains { $0["state"]?.display == "pruned" })
    guard case .record(let best) = Support.member(s, "best") else {
      Issue.record("no best settings")
      return
    }
    #expect(best.keys == ["net", "width", "lr", "epochs", "seed"])
    #expect(result.output.contains("best: trial"))
  }

  @Test func theSameSeedGivesTheSameSearch() {
    // Everything but the seconds each trial took.
    let text = """
      s = search net: make width: int(4, 32) lr: log(1e-3, 1e-1) epochs: 5 trials: 14
      print map(s.trials, fn (t) { return [t.trial, t.state, t.val_loss, t.epochs, t.seed, t.width, t.lr] })
      """
    #expect(run(text).output == run(text).output)
  }

  @Test func everyTrialRepeatsAloneFromItsSeed() throws {
    let search = run("s = search net: make width: [4, 16] lr: log(1e-3, 1e-1) epochs: 6 trials: 8 prune: false\n")
    let trials = records(Support.member(search.engine[variable: "s"], "trials"))
    #expect(trials.count == 8 && trials.allSatisfy { $0["state"]?.display == "complete" })
    for trial in trials.prefix(3) {
      var lines: [String] = []
      let engine = Engine(output: { _ in })
      let parameters = #"{"width": \#(trial["width"]!.description), "lr": \#(trial["lr"]!.description)}"#
      engine.search.trial = TrialRequest(
        parameters: parameters, number: Int(Support.number(trial["trial"])!),
        seed: UInt64(Support.number(trial["seed"])!), epoch: { lines.append($0) },
        ended: { line, _ in lines.append(line) })
      let outcome = engine.run(
        SourceFile(
          name: "trial.nns",
          text: Self.setup
            + "s = search net: make width: [4, 16] lr: log(1e-3, 1e-1) epochs: 6 trials: 8 prune: false\n"))
      #expect(outcome.status == .success)
      #expect(lines.count == 7)
      let status = try #require(JSONScalar.parse(lines.last!))
      #expect(status["status"] == .string("complete"))
      #expect(status["val_loss"]?.number == Support.number(trial["val_loss"]))
    }
  }

  @Test func trainWithTheBestSettingsTrainsTheBestNetwork() {
    let result = run(
      """
      s = search net: make width: [4, 16] lr: [0.05, 0.001] epochs: 6 trials: 4 sampler: grid prune: false quiet: true
      r = train with: s.best quiet: true
      print r.epochs
      """)
    #expect(result.outcome.status == .success, "\(result.errors)")
    #expect(result.output == "6\n")
    let trials = records(Support.member(result.engine[variable: "s"], "trials"))
    guard let width = trials.first?["width"] else { return }
    #expect(result.engine.currentNetwork?.description == "net < dense \(width.description) relu; dense 3 softmax >")
  }

  @Test func withGivesOptionsAndTheWrittenOnesWin() {
    let result = run(
      """
      net < dense 8 relu; dense 3 softmax >
      r = train with: {epochs: 2, batch: 16} epochs: 3 quiet: true
      print r.epochs
      """)
    #expect(result.output == "3\n", "\(result.errors)")
    let wrong = run("net < dense 8 relu; dense 3 softmax >\nr = train with: {epoch: 2}\n")
    #expect(wrong.errors.contains("with: 'epoch' is not an option of 'train'"))
    #expect(wrong.errors.contains("did you mean 'epochs'?"))
  }

  @Test func parallelTrialsAllEnd() {
    let result = run("s = search net: make width: [4, 8, 16] lr: log(1e-3, 1e-1) epochs: 5 trials: 10 jobs: 3\n")
    #expect(result.outcome.status == .success, "\(result.errors)")
    let trials = records(Support.member(result.engine[variable: "s"], "trials"))
    #expect(trials.count == 10)
    #expect(trials.allSatisfy { ["complete", "pruned"].contains($0["state"]!.display) })
    #expect(Set(trials.map { Support.number($0["trial"])! }) == Set((1...10).map(Double.init)))
  }

  @Test func foldsScoreEachTrialByItsMean() {
    let result = run("s = search net: make width: [4, 16] epochs: 4 trials: 2 sampler: grid folds: 3 prune: false\n")
    #expect(result.outcome.status == .success, "\(result.errors)")
    let trials = records(Support.member(result.engine[variable: "s"], "trials"))
    #expect(trials.count == 2)
    #expect(trials.allSatisfy { Support.number($0["val_loss_std"]) != nil })
    // Three folds of four epochs each.
    #expect(trials.allSatisfy { Support.number($0["epochs"]) == 12 })
  }

  @Test func aSearchCanBeInterrupted() {
    var output = ""
    let engine = Engine(output: { output += $0 })
    let interrupter = engine.interrupter
    engine.search.onEvent = { event in
      if case .trial(let progress) = event, progress.state != .running, progress.number == 2 { interrupter.interrupt() }
    }
    let outcome = engine.run(
      SourceFile(
        name: "t.nns",
        text: Self.setup
          + "s = search net: make width: [4, 16] epochs: 3 trials: 50 prune: false\nprint len(s.trials)\n"))
    #expect(outcome.status == .success)
    #expect(output.hasSuffix("2\n"))
    #expect(outcome.diagnostics.contains { $0.message.contains("interrupted after 2 of 50 trials") })
  }

  @Test func aQuietSearchPrintsNoTableButStillTellsTheHost() {
    var output = ""
    let engine = Engine(output: { output += $0 })
    var quiet: [Bool] = []
    var ended = 0
    engine.search.onEvent = { event in
      switch event {
      case .started(_, _, _, let q): quiet.append(q)
      case .trial(let progress): if progress.state != .running { ended += 1 }
      case .finished: break
      }
    }
    let outcome = engine.run(
      SourceFile(
        name: "t.nns",
        text: Self.setup + "s = search net: make width: [4, 16] epochs: 2 trials: 2 sampler: grid quiet: true\n"))
    #expect(outcome.status == .success)
    #expect(quiet == [true])
    #expect(ended == 2)
    #expect(output.isEmpty, "a quiet search prints no table: \(output)")
  }

  @Test func saveWritesTheTrialsAsCSVAndJSON() throws {
    let folder = try Support.folder("search")
    let result = run(
      """
      s = search net: make width: [4, 16] epochs: 2 trials: 2 sampler: grid quiet: true
      save s to: "\(folder.path)/t.csv"
      save s.trials to: "\(folder.path)/t.json"
      """)
    #expect(result.outcome.status == .success, "\(result.errors)")
    let csv = try String(contentsOf: folder.appendingPathComponent("t.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0] == "trial,state,val_loss,val_acc,epochs,seconds,seed,width")
    let json = try Data(contentsOf: folder.appendingPathComponent("t.json"))
    let rows = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
    #expect(rows.count == 2 && rows.allSatisfy { $0["width"] != nil })
  }

  @Test func intKeepsASpaceInAVariable() {
    let result = run("w = int(4, 16)\nprint w\ns = search net: make width: w epochs: 2 trials: 3 quiet: true\n")
    #expect(result.output.hasPrefix("int(4, 16)\n"), "\(result.errors)")
    let widths = records(Support.member(result.engine[variable: "s"], "trials")).compactMap {
      Support.number($0["width"])
    }
    #expect(widths.count == 3 && widths.allSatisfy { $0 >= 4 && $0 <= 16 && $0 == $0.rounded() })
  }
}
