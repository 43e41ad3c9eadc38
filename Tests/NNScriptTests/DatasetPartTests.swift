import Testing

@testable import NNScript

/// The parts of a split are datasets, and `eval` never scores the rows a network trained on.
struct DatasetPartTests {
  private let script = """
    seed 7
    data = split(standardize(load("iris")), 0.6, 0.2)
    net < dense 8 relu; dense 3 softmax >
    train epochs: 5 quiet: true
    """

  @Test func thePartsOfASplitAreDatasets() throws {
    let (engine, _, errors, outcome) = Support.run(
      script
        + "\ntrain_part = data.train\ntest_part = data.test\nlabels = data.test.targets\nwhole = load(\"iris\").train\n"
    )
    #expect(outcome.status == .success, "\(errors)")
    #expect(Support.number(Support.member(engine[variable: "train_part"], "samples")) == 90)
    #expect(Support.number(Support.member(engine[variable: "test_part"], "samples")) == 30)
    // A part has no split of its own.
    #expect(Support.member(engine[variable: "test_part"], "val").map(\.display) == "none")
    guard case .list(let labels) = engine[variable: "labels"] else {
      Issue.record("data.test.targets is not a list")
      return
    }
    #expect(labels.count == 30)
    #expect(labels.allSatisfy { ["setosa", "versicolor", "virginica"].contains($0.display) })
    #expect(Support.number(Support.member(engine[variable: "whole"], "samples")) == 150)
  }

  /// A regression target scaled for training reads in its own units; ids read by column.
  @Test func targetsReadAsTheFileHasThem() throws {
    let sales = Support.root.appendingPathComponent("Tests/Golden/data/sales.csv").path
    let (engine, _, errors, outcome) = Support.run(
      """
      scaled = standardize(load("diabetes"), target: true)
      first = scaled.targets[0]
      ids = csv("\(sales)", id: "id", missing: "mean").ids.id
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(Support.number(engine[variable: "first"]) == 151, "diabetes' first progression, not its z-score")
    #expect(engine[variable: "ids"]?.display.hasPrefix("[\"s01\", \"s02\"") == true)
  }

  @Test func evalScoresTheHeldOutPartAndSaysWhich() throws {
    let (engine, _, errors, outcome) = Support.run(
      script + "\nheld = eval\ngiven = eval on: data\ntrained = eval on: data.train\n")
    #expect(outcome.status == .success, "\(errors)")
    for name in ["held", "given"] {
      #expect(Support.member(engine[variable: name], "part").map(\.display) == "test", "\(name)")
      #expect(Support.number(Support.member(engine[variable: name], "samples")) == 30, "\(name)")
    }
    #expect(Support.member(engine[variable: "trained"], "part").map(\.display) == "all")
    #expect(Support.number(Support.member(engine[variable: "trained"], "samples")) == 90)
  }
}
