/// Features and targets, row for row: a training or validation set.
public struct TrainingSet: Sendable, Equatable {
  /// What a network learns to produce.
  public enum Targets: Sendable, Equatable {
    /// One class index per row, each in 0..<count.
    case classes([Int32], count: Int)
    /// One row of target values per row (regression, or 0/1 targets for several sigmoid outputs).
    case values(Matrix)
  }

  /// One row per sample.
  public let features: Matrix
  /// One target per row of `features`.
  public let targets: Targets

  /// A set with the given targets.
  public init(features: Matrix, targets: Targets) {
    self.features = features
    self.targets = targets
  }

  /// A classification set: one class index per row, in 0..<classCount.
  public init(features: Matrix, classes: [Int32], classCount: Int) {
    self.init(features: features, targets: .classes(classes, count: classCount))
  }

  /// A regression set: one row of target values per row.
  public init(features: Matrix, values: Matrix) {
    self.init(features: features, targets: .values(values))
  }

  /// The number of samples.
  public var count: Int { features.rows }
}

extension TrainingSet {
  /// The rows `rows` of a dataset (say, its split's training part) as a training set; a
  /// regression dataset gives one target column.
  public init(_ dataset: Dataset, rows: [Int]) {
    let targets: Targets =
      switch dataset.targets {
      case .classes(let labels, let names): .classes(rows.map { labels[$0] }, count: names.count)
      case .values(let values): .values(Matrix(rows: rows.count, columns: 1, values: rows.map { values[$0] }))
      }
    self.init(features: dataset.features.rows(rows), targets: targets)
  }
}
