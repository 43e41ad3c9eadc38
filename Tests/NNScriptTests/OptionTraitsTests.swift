import Testing

@testable import NNScript

/// The catalog says how each option is treated beyond its value, and the commands ask it.
struct OptionTraitsTests {
  @Test func theTraitsNameTheOptionsTheCommandsTreatApart() {
    #expect(
      CommandCatalog.options(of: .train, with: .wholeNumber) == [
        "epochs", "batch", "early", "restarts", "steps", "every",
      ])
    #expect(CommandCatalog.options(of: .train, with: .keepsRunFiles) == ["checkpoint", "every", "log"])
    #expect(CommandCatalog.options(of: .train, with: .notCheckpointed) == ["on", "net", "with"])
    #expect(CommandCatalog.options(of: .train, with: .notASetting) == ["on", "net", "quiet", "metrics"])
    #expect(
      CommandCatalog.options(of: .search, with: .searchControl)
        == [
          "trials", "sampler", "jobs", "prune", "folds", "cluster", "seed", "on", "with", "quiet", "metrics", "threads",
        ])
  }

  @Test func everyOptionThatKeepsRunFilesIsRefusedBySearchAndByFolds() {
    let setup = "seed 1\ndata = load(\"iris\")\nnet < dense 4 relu; dense 3 softmax >\n"
    for name in CommandCatalog.options(of: .train, with: .keepsRunFiles).sorted() {
      let value = name == "every" ? "1" : "\"runs/x\""
      let searched = Support.run(setup + "search lr: [0.1, 0.01] epochs: 1 trials: 1 \(name): \(value)\n")
      #expect(searched.errors.contains("'\(name)' keeps one run's files"), "\(name): \(searched.errors)")
      let folded = Support.run(setup + "train epochs: 1 folds: 2 \(name): \(value)\n")
      #expect(folded.errors.contains("\(name): keeps one run's files"), "\(name): \(folded.errors)")
    }
  }

  @Test func everyWholeNumberOptionRefusesAFractionalSearchSpace() {
    let setup = "seed 1\ndata = load(\"iris\")\nnet < dense 4 relu; dense 3 softmax >\n"
    for name in CommandCatalog.options(of: .train, with: .wholeNumber).sorted() where name != "every" {
      let epochs = name == "epochs" ? "" : " epochs: 1"
      let result = Support.run(setup + "search \(name): range(1, 4) trials: 1\(epochs)\n")
      #expect(result.errors.contains("\(name): takes whole numbers"), "\(name): \(result.errors)")
    }
  }
}
