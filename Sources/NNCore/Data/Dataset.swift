/// A dataset as the training core sees it: a Float32 feature matrix, one target per sample,
/// the partition into training / validation / test, and the preparation fitted so far (kept
/// so that predictions on new data apply the same steps).
public struct Dataset: Sendable {
  /// What the network learns to predict: one class or one value per sample.
  public enum Targets: Sendable, Equatable {
    /// Class indices into `names`.
    case classes([Int32], names: [String])
    /// One regression value per sample.
    case values([Float])

    /// The number of samples.
    public var count: Int {
      switch self {
      case .classes(let indices, _): return indices.count
      case .values(let values): return values.count
      }
    }

    /// The class names, by class index; nil for regression values.
    public var classNames: [String]? {
      if case .classes(_, let names) = self { return names }
      return nil
    }
  }

  /// Which rows belong to which part. Rows stay where they are; parts list their indices.
  public struct Split: Sendable, Equatable {
    /// Row indices of the part the network trains on.
    public var train: [Int]
    /// Row indices of the part watched while training: validation loss, early stopping, the doctor.
    public var validation: [Int]
    /// Row indices of the part kept for `eval`; empty when the split made none.
    public var test: [Int]

    /// A split with these row indices in each part; they should not overlap.
    public init(train: [Int], validation: [Int], test: [Int]) {
      self.train = train
      self.validation = validation
      self.test = test
    }
  }

  /// What messages and `describe` call it: a bundled dataset's name, or the one given when loading.
  public var name: String
  /// One row per sample, one column per feature.
  public var features: Matrix
  /// One per column of `features`; a one-hot column of a text feature is `column=value`.
  public var featureNames: [String]
  /// The name of the target column.
  public var targetName: String
  /// One target per row of `features`.
  public var targets: Targets
  /// The shape of one sample when it is more than a vector: 8×8×1 for digits.
  public var sampleShape: [Int]?
  /// The partition into training, validation and test rows; nil until the dataset is split.
  public var split: Split?
  /// Preparation fitted so far, in the order applied.
  public var preparation: [PreparationStep] = []
  /// Things the loader decided that the user should hear about (one-hot encoded columns…).
  public var notes: [String] = []

  /// A dataset with no split, preparation or notes. Traps unless there is one target per row
  /// and one name per column.
  public init(
    name: String, features: Matrix, featureNames: [String], targetName: String, targets: Targets,
    sampleShape: [Int]? = nil
  ) {
    precondition(features.rows == targets.count, "one target per sample")
    precondition(features.columns == featureNames.count, "one name per feature")
    self.name = name
    self.features = features
    self.featureNames = featureNames
    self.targetName = targetName
    self.targets = targets
    self.sampleShape = sampleShape
  }

  /// The number of samples, split or not.
  public var count: Int { features.rows }

  /// Whether the targets are classes rather than values.
  public var isClassification: Bool { targets.classNames != nil }

  /// The rows preparation is fitted on: the training part, or everything before a split.
  public var trainingRows: [Int] { split?.train ?? Array(0..<count) }

  /// Samples per class over `rows` (all rows by default); empty for regression.
  public func classCounts(rows: [Int]? = nil) -> [Int] {
    guard case .classes(let indices, let names) = targets else { return [] }
    var counts = [Int](repeating: 0, count: names.count)
    for r in rows ?? Array(0..<count) { counts[Int(indices[r])] += 1 }
    return counts
  }
}

/// A preparation step with the statistics it was fitted with.
public enum PreparationStep: Sendable, Equatable {
  /// x' = (x − mean) / std, per feature.
  case standardize(mean: [Float], std: [Float])
  /// x' = (x − min) / (max − min), per feature.
  case minmax(min: [Float], max: [Float])
  /// y' = (y − shift) / scale for a regression target; predictions are mapped back.
  case scaleTarget(shift: Float, scale: Float)

  /// Applies the step's feature transform to one row, in place.
  public func apply(to row: inout [Float]) {
    switch self {
    case .standardize(let mean, let std):
      for j in row.indices { row[j] = (row[j] - mean[j]) / std[j] }
    case .minmax(let low, let high):
      for j in row.indices { row[j] = (row[j] - low[j]) / (high[j] - low[j]) }
    case .scaleTarget:
      break
    }
  }
}
