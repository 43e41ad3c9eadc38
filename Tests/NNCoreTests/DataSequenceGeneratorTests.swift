import Testing

@testable import NNCore

struct DataSequenceGeneratorTests {
  @Test func addingMarksOneStepInEachHalfAndSumsTheirValues() throws {
    var rng = SeededGenerator(seed: 11)
    let d = try Synthetic.adding(n: 300, length: 10, using: &rng)
    #expect(d.count == 300 && d.sampleShape == [10, 2] && d.features.columns == 20 && !d.isClassification)
    guard case .values(let targets) = d.targets else {
      Issue.record("the targets are not values")
      return
    }
    for r in 0..<d.count {
      let marked = (0..<10).filter { d.features[r, 2 * $0 + 1] == 1 }
      #expect((0..<10).allSatisfy { [0, 1].contains(d.features[r, 2 * $0 + 1]) })
      #expect(marked.count == 2 && marked[0] < 5 && marked[1] >= 5)
      #expect((0..<10).allSatisfy { (0..<1).contains(d.features[r, 2 * $0]) })
      #expect(targets[r] == marked.map { d.features[r, 2 * $0] }.reduce(0, +))
    }
    #expect(throws: DataError("length must be from 2 to 100000")) { try Synthetic.adding(length: 1, using: &rng) }
  }

  @Test func parityLabelsCountTheOnes() throws {
    var rng = SeededGenerator(seed: 12)
    let d = try Synthetic.parity(n: 400, length: 7, using: &rng)
    #expect(d.count == 400 && d.sampleShape == [7, 1] && d.targets.classNames == ["0", "1"])
    guard case .classes(let labels, _) = d.targets else { return }
    for r in 0..<d.count {
      let bits = (0..<7).map { d.features[r, $0] }
      #expect(bits.allSatisfy { $0 == 0 || $0 == 1 })
      #expect(Int(labels[r]) == Int(bits.reduce(0, +)) % 2)
    }
    // Random bits give each parity about half the samples.
    #expect(d.classCounts().allSatisfy { (150...250).contains($0) })
    #expect(throws: DataError("n must be from 2 to 10000000")) { try Synthetic.parity(n: 1, using: &rng) }
  }

  @Test func theSameSeedGivesTheSameSequences() throws {
    var a = SeededGenerator(seed: 13)
    var b = SeededGenerator(seed: 13)
    var c = SeededGenerator(seed: 14)
    #expect(try Synthetic.adding(n: 50, using: &a).features == Synthetic.adding(n: 50, using: &b).features)
    #expect(try Synthetic.parity(n: 50, using: &a).targets == Synthetic.parity(n: 50, using: &b).targets)
    #expect(try Synthetic.adding(n: 50, using: &a).features != Synthetic.adding(n: 50, using: &c).features)
  }
}
