import Testing

@testable import NNCore

struct TrainingSetTests {
  @Test func takesTheChosenRowsOfADataset() {
    let features = Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])
    let classes = Dataset(
      name: "toy", features: features, featureNames: ["a", "b"], targetName: "y",
      targets: .classes([0, 1, 2], names: ["x", "y", "z"]))
    let part = TrainingSet(classes, rows: [2, 0])
    #expect(part.features.values == [5, 6, 1, 2])
    #expect(part.targets == .classes([2, 0], count: 3))
    let values = Dataset(
      name: "toy", features: features, featureNames: ["a", "b"], targetName: "y", targets: .values([7, 8, 9]))
    #expect(TrainingSet(values, rows: [1]).targets == .values(Matrix(rows: 1, columns: 1, values: [8])))
  }
}
