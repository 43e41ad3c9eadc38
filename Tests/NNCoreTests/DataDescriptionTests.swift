import Testing

@testable import NNCore

struct DataDescriptionTests {
  private func codes(_ d: Dataset) -> [String] { DatasetDescription(d).warnings.map(\.code) }

  @Test func statisticsPerFeature() throws {
    let d = Dataset(
      name: "s", features: Matrix(rows: 4, columns: 1, values: [1, 2, 3, 4]), featureNames: ["x"], targetName: "y",
      targets: .classes([0, 1, 0, 1], names: ["a", "b"]))
    let f = DatasetDescription(d).features[0]
    #expect(f.min == 1 && f.max == 4 && f.mean == 2.5 && abs(f.std - 1.118034) < 1e-5 && f.missing == 0)
    #expect(codes(d).isEmpty)
  }

  @Test func warningsTheDoctorReuses() throws {
    for name in ["wine", "digits", "breast_cancer", "diabetes"] {
      #expect(codes(try BundledDatasets.load(name)).contains("unscaled-input"), "\(name)")
      #expect(!codes(try BundledDatasets.load(name).standardized()).contains("unscaled-input"), "\(name) standardized")
    }
    #expect(codes(try BundledDatasets.load("digits")).contains("constant-feature"))
    #expect(codes(try BundledDatasets.load("iris")) == ["sorted-labels"])
    #expect(!codes(try BundledDatasets.load("iris").standardized()).contains("unscaled-input"))
    let scales = Dataset(
      name: "scales", features: Matrix(rows: 3, columns: 2, values: [1000, 0.01, 3000, 0.02, 2000, 0.03]),
      featureNames: ["big", "tiny"],
      targetName: "y", targets: .values([1, 2, 3]))
    #expect(codes(scales) == ["unscaled-input"])
    let spread = Dataset(
      name: "spread", features: Matrix(rows: 3, columns: 2, values: [2, 0.01, -2, 0.02, 0, 0.03]),
      featureNames: ["wide", "narrow"],
      targetName: "y", targets: .values([1, 2, 3]))
    #expect(codes(spread) == ["unscaled-input"])
    let conflicting = Dataset(
      name: "c", features: Matrix(rows: 4, columns: 1, values: [1, 1, 2, 3]), featureNames: ["x"], targetName: "y",
      targets: .classes([0, 1, 1, 0], names: ["a", "b"]))
    #expect(codes(conflicting) == ["conflicting-duplicates"])
    var rng = SeededGenerator(seed: 1)
    #expect(codes(try Synthetic.moons(n: 400, imbalance: 5, using: &rng)) == ["class-imbalance"])
  }

  /// Images scaled to [0, 1] as a whole (digits ÷ 16, as MNIST ÷ 255) have a few border
  /// pixels that almost never light up: 7 of 61 varying pixels are 20× below the typical
  /// spread. That is not a scale problem; half the features at 1/100 of the others' is.
  @Test func aFewNearConstantFeaturesAreNotOnAnotherScale() throws {
    let digits = try BundledDatasets.load("digits")
    let sixteenths = Dataset(
      name: "digits16",
      features: Matrix(rows: digits.count, columns: 64, values: digits.features.values.map { $0 / 16 }),
      featureNames: digits.featureNames, targetName: digits.targetName, targets: digits.targets)
    #expect(!codes(sixteenths).contains("unscaled-input"))
    #expect(!codes(try digits.minmaxed()).contains("unscaled-input"))
    var rng = SeededGenerator(seed: 3)
    let values = (0..<200).flatMap { _ in (0..<8).map { j in Float(rng.gaussian()) * (j < 4 ? 1 : 0.01) } }
    let halfNarrow = Dataset(
      name: "half", features: Matrix(rows: 200, columns: 8, values: values), featureNames: (0..<8).map { "x\($0)" },
      targetName: "y", targets: .values([Float](repeating: 0, count: 200)))
    let warning = try #require(DatasetDescription(halfNarrow).warnings.first { $0.code == "unscaled-input" })
    #expect(warning.message.contains("4 of 8 vary 20× less than is typical"), "\(warning.message)")
    #expect(warning.coverage == 0.5 && warning.measure > 20)
  }

  /// An imbalance must show beyond the counts' sampling noise: 3 against 13 is what a draw
  /// of 16 with a ratio under 3 often gives; 100 against 900 never is.
  @Test func smallCountsShowNoImbalance() throws {
    func counts(_ sizes: [Int]) -> Dataset {
      let labels = sizes.enumerated().flatMap { [Int32](repeating: Int32($0.offset), count: $0.element) }
      return Dataset(
        name: "c", features: Matrix(rows: labels.count, columns: 1, values: labels.indices.map { Float($0 % 7) }),
        featureNames: ["x"], targetName: "y",
        targets: .classes(labels, names: sizes.indices.map { "c\($0)" }))
    }
    #expect(!codes(counts([13, 3])).contains("class-imbalance"))
    #expect(!codes(counts([23, 11, 6])).contains("class-imbalance"))
    #expect(codes(counts([900, 100])).contains("class-imbalance"))
    #expect(codes(counts([45, 5])).contains("class-imbalance"))
    #expect(abs(DatasetDescription.binomialTail(3, of: 16, probability: 0.25) - 0.4050) < 1e-4)
    #expect(DatasetDescription.binomialTail(100, of: 1000, probability: 0.25) < 1e-20)
  }

  @Test func reportFitsEightyColumns() throws {
    let report = DatasetDescription(try BundledDatasets.load("breast_cancer")).report
    #expect(report.hasPrefix("breast_cancer: 569 samples, 30 features, 2 classes\n"))
    #expect(report.contains("classes: benign 357, malignant 212"))
    for line in report.split(separator: "\n") where !line.hasPrefix("warning:") { #expect(line.count <= 80, "\(line)") }
  }
}
