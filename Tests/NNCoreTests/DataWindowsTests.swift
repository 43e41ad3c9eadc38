import Testing

@testable import NNCore

struct DataWindowsTests {
  /// A series whose values are their own positions, so a sample's values say where it was cut.
  private static func positions(_ count: Int) -> [Float] { (0..<count).map(Float.init) }

  @Test func eachSampleIsLengthValuesAndItsTargetHorizonStepsOn() throws {
    for (length, horizon) in [(1, 1), (3, 1), (4, 3), (12, 2)] {
      let d = try Windows(length: length, horizon: horizon).dataset(
        of: Self.positions(100), named: "s", valueName: "x")
      #expect(d.sampleShape == [length, 1] && d.features.columns == length)
      #expect(!d.isClassification)
      guard case .values(let targets) = d.targets else {
        Issue.record("the targets are not values")
        return
      }
      for r in 0..<d.count {
        let start = Int(d.features[r, 0])
        #expect((0..<length).allSatisfy { d.features[r, $0] == Float(start + $0) }, "consecutive values")
        #expect(targets[r] == Float(start + length - 1 + horizon), "length \(length), horizon \(horizon)")
      }
    }
    let d = try Windows(length: 3, horizon: 2).dataset(of: Self.positions(30), named: "s", valueName: "x")
    #expect(d.featureNames == ["x[t-2]", "x[t-1]", "x[t]"] && d.targetName == "x[t+2]")
  }

  /// Every value a part reads, inputs or target, comes after every value an earlier part read.
  @Test func thePartsFollowInTimeAndShareNoValue() throws {
    for (length, horizon, validation) in [(5, 1, nil), (12, 1, 0.1), (7, 4, 0.15), (1, 1, nil)] as [(Int, Int, Double?)]
    {
      let windows = Windows(length: length, horizon: horizon, train: 0.7, validation: validation)
      let d = try windows.dataset(of: Self.positions(200), named: "s", valueName: "x")
      let split = try #require(d.split)
      guard case .values(let targets) = d.targets else { return }
      func used(_ rows: [Int]) -> [Float] {
        rows.flatMap { r in (0..<length).map { d.features[r, $0] } + [targets[r]] }
      }
      let parts = [split.train, split.validation, split.test].filter { !$0.isEmpty }
      #expect(parts.count == (validation == nil ? 2 : 3))
      for (earlier, later) in zip(parts, parts.dropFirst()) {
        #expect(used(earlier).max()! < used(later).min()!, "length \(length), horizon \(horizon)")
      }
      // The training stretch is the first 70% of the values, and each stretch loses span − 1 windows.
      #expect(split.train.count == 140 - windows.span + 1)
      #expect(used(split.train).max() == 139)
      #expect(split.train + split.validation + split.test == Array(0..<d.count), "in time order")
    }
  }

  @Test func tooShortASeriesOrPartIsAClearError() {
    #expect(throws: DataError("the series has 5 values, too few for one window of 5 and a horizon of 1 (6 values)")) {
      try Windows(length: 5).dataset(of: Self.positions(5), named: "s", valueName: "x")
    }
    #expect(
      throws: DataError(
        "the validation part holds 4 of the series' 20 values, too few for one window of 4 and a horizon of 1 (5 values)",
        hint:
          "windows are made within each part, so each needs 5 values: a shorter length or a larger validation fraction"
      )
    ) { try Windows(length: 4).dataset(of: Self.positions(20), named: "s", valueName: "x") }
    #expect(throws: DataError("length: is the values per window: at least 1, found 0")) {
      try Windows(length: 0).dataset(of: Self.positions(20), named: "s", valueName: "x")
    }
    #expect(throws: DataError("the training fraction must be between 0 and 1, found 1.0")) {
      try Windows(length: 2, train: 1).dataset(of: Self.positions(20), named: "s", valueName: "x")
    }
    #expect(
      throws: DataError("value 3 of the series is missing", hint: "a window must not hold a gap: fill or drop it first")
    ) { try Windows(length: 2).dataset(of: [1, 2, .nan, 4, 5, 6], named: "s", valueName: "x") }
  }

  @Test func aDatasetsSeriesIsItsTargetOrANamedColumn() throws {
    let table = Dataset(
      name: "t", features: Matrix(rows: 3, columns: 2, values: [1, 10, 2, 20, 3, 30]), featureNames: ["year", "rain"],
      targetName: "level", targets: .values([7, 8, 9]))
    #expect(try table.series().values == [7, 8, 9] && table.series().name == "level")
    #expect(try table.series(column: "rain").values == [10, 20, 30])
    #expect(throws: DataError("no column 'snow'", names: ["year", "rain", "level"])) {
      try table.series(column: "snow")
    }
    var rng = SeededGenerator(seed: 1)
    let classes = try Synthetic.moons(n: 20, using: &rng)
    #expect(throws: DataError.self) { try classes.series() }
    #expect(try classes.series(column: "x").values.count == 20)
    let split = table.splitting(Dataset.Split(train: [0, 1], validation: [2], test: []))
    #expect(
      throws: DataError(
        "the dataset is already split, and a series is read from its rows in time order",
        hint: "give windows the data as loaded: it splits in time order itself (split:)")
    ) { try split.series() }
  }

  @Test func sunspotsIsAYearlySeries() throws {
    let d = try BundledDatasets.load("sunspots")
    #expect(d.count == 309 && d.featureNames == ["YEAR"] && d.targetName == "SUNACTIVITY")
    #expect(d.source[0, 0] == 1700 && d.source[308, 0] == 2008)
    let series = try d.series()
    #expect(series.values.prefix(3) == [5, 11, 16] && series.values.last == 2.9)
    let w = try Windows(length: 12).dataset(of: series.values, named: d.name, valueName: series.name)
    // 247 training years and 62 validating ones, each losing 12 to their first window.
    #expect(w.split?.train.count == 235 && w.split?.validation.count == 50)
  }
}
