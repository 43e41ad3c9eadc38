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

  @Test func reportFitsEightyColumns() throws {
    let report = DatasetDescription(try BundledDatasets.load("breast_cancer")).report
    #expect(report.hasPrefix("breast_cancer: 569 samples, 30 features, 2 classes\n"))
    #expect(report.contains("classes: benign 357, malignant 212"))
    for line in report.split(separator: "\n") where !line.hasPrefix("warning:") { #expect(line.count <= 80, "\(line)") }
  }
}
