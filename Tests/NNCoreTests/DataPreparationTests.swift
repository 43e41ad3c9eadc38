import Testing

@testable import NNCore

struct DataPreparationTests {
  /// 10 samples, two classes of 5; feature 0 runs 0…9, feature 1 is constant.
  private func toy() -> Dataset {
    let values: [Float] = (0..<10).flatMap { [Float($0), 7] }
    return Dataset(
      name: "toy", features: Matrix(rows: 10, columns: 2, values: values), featureNames: ["x", "c"], targetName: "y",
      targets: .classes((0..<10).map { Int32($0 % 2) }, names: ["a", "b"]))
  }

  @Test func standardizeFitsOnTheTrainingPartOnly() throws {
    var rng = SeededGenerator(seed: 1)
    let split = try toy().split(train: 0.6, using: &rng)
    let prepared = try split.standardized()
    let train = split.split!.train
    let trainMean = train.map { prepared.features[$0, 0] }.reduce(0, +) / Float(train.count)
    #expect(abs(trainMean) < 1e-5)
    let validationMean = split.split!.validation.map { prepared.features[$0, 0] }.reduce(0, +)
    #expect(abs(validationMean) > 1e-3, "validation is transformed with the training statistics, not its own")
    #expect(prepared.features[0, 1] == 0, "a constant feature becomes 0, not NaN")
    #expect(prepared.preparation.steps == [.standardize(target: false)])
    let mean = prepared.preparation.scalers.last!.shift
    #expect(mean[0] == Float(train.reduce(0, +)) / Float(train.count))
  }

  /// The README's promise: whatever the order, the statistics come from the training part.
  @Test func standardizeBeforeOrAfterTheSplitFitsTheSameStatistics() throws {
    var before = SeededGenerator(seed: 5)
    var after = SeededGenerator(seed: 5)
    let first = try toy().standardized().split(train: 0.6, using: &before)
    let second = try toy().split(train: 0.6, using: &after).standardized()
    #expect(first.split == second.split)
    #expect(first.preparation == second.preparation)
    #expect(first.features == second.features)
    let all = try toy().standardized()
    #expect(all.preparation.scalers[0].shift[0] == 4.5, "before a split, every row is the training part")
    #expect(first.preparation.scalers[0].shift[0] != 4.5, "the split fits it again on its training rows")
  }

  /// A part keeps what was fitted on the whole: it is prepared as the data it came from.
  @Test func aPartIsPreparedAsItsData() throws {
    var rng = SeededGenerator(seed: 6)
    let data = try toy().split(train: 0.6, using: &rng).standardized()
    let validation = data.part(data.split!.validation, named: "val")
    #expect(validation.preparation == data.preparation)
    #expect(validation.features == data.features.rows(data.split!.validation))
    #expect(validation.preparation.features(of: validation.source) == validation.features)
  }

  @Test func minmaxAndTargetScaling() throws {
    let d = try toy().minmaxed()
    #expect(d.features[0, 0] == 0 && d.features[9, 0] == 1)
    let regression = Dataset(
      name: "r", features: Matrix(rows: 3, columns: 1, values: [1, 2, 3]), featureNames: ["x"], targetName: "y",
      targets: .values([100, 200, 300]))
    let scaled = try regression.standardized(target: true)
    #expect(scaled.preparation.targetScales == [.init(shift: 200, scale: Float((20_000.0 / 3).squareRoot()))])
    #expect(scaled.preparation.unscaled(0) == 200)
    #expect(throws: DataError.self) { try toy().standardized(target: true) }
  }

  @Test func splitIsStratifiedAndOnlyOnce() throws {
    var rng = SeededGenerator(seed: 2)
    let d = try toy().split(train: 0.6, using: &rng)
    #expect(d.split!.train.count == 6 && d.split!.validation.count == 4 && d.split!.test.isEmpty)
    #expect(d.classCounts(rows: d.split!.train) == [3, 3])
    #expect(Set(d.split!.train + d.split!.validation) == Set(0..<10))
    #expect(throws: DataError("the dataset is already split", hint: "split once, right after loading")) {
      try d.split(train: 0.5, using: &rng)
    }
    let three = try toy().split(train: 0.6, validation: 0.2, using: &rng)
    #expect([three.split!.train.count, three.split!.validation.count, three.split!.test.count] == [6, 2, 2])
    #expect(throws: DataError.self) { try toy().split(train: 0.8, validation: 0.3, using: &rng) }
    #expect(throws: DataError.self) { try toy().split(train: 1.5, using: &rng) }
  }

  @Test func shuffleKeepsEachRowWithItsTargetAndPart() throws {
    var rng = SeededGenerator(seed: 3)
    let d = try toy().split(train: 0.6, using: &rng)
    let shuffled = d.shuffled(using: &rng)
    guard case .classes(let labels, _) = shuffled.targets else {
      Issue.record("an expected value is missing")
      return
    }
    for r in 0..<10 { #expect(Int32(Int(shuffled.features[r, 0]) % 2) == labels[r]) }
    let trainValues = Set(shuffled.split!.train.map { shuffled.features[$0, 0] })
    #expect(trainValues == Set(d.split!.train.map { d.features[$0, 0] }))
  }

  @Test func balanceOversamplesOnlyTheTrainingPart() throws {
    var rng = SeededGenerator(seed: 4)
    let skewed = Dataset(
      name: "skewed", features: Matrix(rows: 12, columns: 1, values: (0..<12).map(Float.init)), featureNames: ["x"],
      targetName: "y", targets: .classes((0..<12).map { $0 < 9 ? 0 : 1 }, names: ["big", "small"]))
    let split = try skewed.split(train: 0.7, using: &rng)
    let balanced = try split.balanced(using: &rng)
    let counts = balanced.classCounts(rows: balanced.split!.train)
    #expect(counts[0] == counts[1])
    #expect(balanced.split!.validation == split.split!.validation)
    #expect(balanced.count == split.count + counts[0] - split.classCounts(rows: split.split!.train)[1])
  }

  @Test func classWeightsAreBalanced() {
    let d = Dataset(
      name: "w", features: Matrix(rows: 4, columns: 1, values: [0, 1, 2, 3]), featureNames: ["x"], targetName: "y",
      targets: .classes([0, 0, 0, 1], names: ["a", "b"]))
    #expect(d.balancedClassWeights() == [4.0 / 6, 2])
  }

  @Test func onehotCodedColumns() throws {
    let d = Dataset(
      name: "o", features: Matrix(rows: 3, columns: 2, values: [1, 0.5, 2, 0.25, 1, 0.125]),
      featureNames: ["sex", "bmi"],
      targetName: "y", targets: .values([1, 2, 3]))
    let encoded = try d.onehot()
    #expect(encoded.featureNames == ["sex=1", "sex=2", "bmi"])
    #expect(encoded.features.values == [1, 0, 0.5, 0, 1, 0.25, 1, 0, 0.125])
    #expect(throws: DataError.self) { try d.onehot(columns: ["nope"]) }
  }
}
