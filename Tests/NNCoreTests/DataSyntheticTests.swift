import Testing

@testable import NNCore

struct DataSyntheticTests {
  @Test func generatorsMakeWhatTheyPromise() throws {
    var rng = SeededGenerator(seed: 5)
    let makers: [(String, (inout SeededGenerator) throws -> Dataset)] = [
      ("spirals", { try Synthetic.spirals(classes: 4, n: 200, using: &$0) }),
      ("moons", { try Synthetic.moons(n: 200, using: &$0) }),
      ("circles", { try Synthetic.circles(n: 200, using: &$0) }),
      ("blobs", { try Synthetic.blobs(classes: 3, features: 5, n: 200, using: &$0) }),
      ("xor", { try Synthetic.xor(n: 200, using: &$0) }),
    ]
    for (name, make) in makers {
      let d = try make(&rng)
      #expect(d.count == 200, "\(name)")
      #expect(d.features.values.allSatisfy { $0.isFinite }, "\(name)")
      #expect(DatasetDescription(d).warnings.allSatisfy { $0.code != "sorted-labels" }, "\(name) rows are shuffled")
    }
    #expect(try Synthetic.blobs(classes: 3, features: 5, n: 30, using: &rng).features.columns == 5)
    let regression = try Synthetic.regression(features: 3, n: 50, using: &rng)
    #expect(regression.features.columns == 3 && !regression.isClassification)
  }

  @Test func imbalanceIsTheRatioOfLargestToSmallest() throws {
    var rng = SeededGenerator(seed: 6)
    let d = try Synthetic.moons(n: 1000, imbalance: 9, using: &rng)
    let counts = d.classCounts()
    #expect(counts == [900, 100])
    let three = try Synthetic.classSizes(classes: 3, n: 700, imbalance: 4)
    #expect(three.reduce(0, +) == 700 && Double(three[0]) / Double(three[2]) > 3.9)
    #expect(throws: DataError.self) { try Synthetic.classSizes(classes: 2, n: 100, imbalance: 0.5) }
    #expect(throws: DataError("classes must be from 2 to 1000")) {
      try Synthetic.blobs(classes: 1_000_000_000_000, using: &rng)
    }
  }

  @Test func theSameSeedGivesTheSameData() throws {
    var a = SeededGenerator(seed: 7)
    var b = SeededGenerator(seed: 7)
    #expect(try Synthetic.spirals(using: &a).features == Synthetic.spirals(using: &b).features)
  }

  @Test func xorLabelsFollowTheSigns() throws {
    var rng = SeededGenerator(seed: 8)
    let d = try Synthetic.xor(n: 400, noise: 0, using: &rng)
    guard case .classes(let labels, _) = d.targets else {
      Issue.record("an expected value is missing")
      return
    }
    for r in 0..<d.count {
      let same = (d.features[r, 0] > 0) == (d.features[r, 1] > 0)
      #expect((labels[r] == 0) == same)
    }
  }
}
