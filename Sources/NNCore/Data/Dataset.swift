/// A dataset as the training core sees it: the samples as read, the Float32 feature matrix a
/// preparation fitted on the training part makes of them, one target per sample, and the
/// partition into training / validation / test. The preparation travels with a trained model,
/// so that new samples are prepared as the training samples were.
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
  /// The samples as read, one row each, one column per `preparation.columns`: a text is its
  /// code, a missing value NaN. The features are made from it, so that a split refits them.
  public private(set) var source: Matrix
  /// The targets as read, before any target scaling.
  public private(set) var sourceTargets: Targets
  /// How `source` becomes `features`, fitted on the training part.
  public private(set) var preparation: Preparation
  /// One row per sample, one column per feature: `source` through `preparation`.
  public private(set) var features: Matrix
  /// One per column of `features`; a one-hot column of a text feature is `column=value`.
  public private(set) var featureNames: [String]
  /// The name of the target column.
  public var targetName: String
  /// One target per row of `features`, scaled as `preparation` says.
  public private(set) var targets: Targets
  /// The shape of one sample when it is more than a vector: 8×8×1 for digits.
  public var sampleShape: [Int]?
  /// The partition into training, validation and test rows; nil until the dataset is split.
  /// `splitting` changes it, refitting the preparation on the new training part.
  public private(set) var split: Split?
  /// Columns that name the samples (ids), one value per row, kept out of the features.
  public internal(set) var ids: [IdColumn] = []
  /// Things the loader decided that the user should hear about (one-hot encoded columns…).
  public var notes: [String] = []
  /// Things the loader found that look wrong without stopping it (a column that looks like an id).
  public var warnings: [String] = []

  /// A dataset with no split, preparation or notes. Traps unless there is one target per row
  /// and one name per column.
  public init(
    name: String, features: Matrix, featureNames: [String], targetName: String, targets: Targets,
    sampleShape: [Int]? = nil
  ) {
    precondition(features.rows == targets.count, "one target per sample")
    precondition(features.columns == featureNames.count, "one name per feature")
    self.name = name
    self.source = features
    self.sourceTargets = targets
    self.preparation = Preparation(numbers: featureNames)
    self.features = features
    self.featureNames = featureNames
    self.targetName = targetName
    self.targets = targets
    self.sampleShape = sampleShape
  }

  /// A dataset of samples as read, with `preparation` (not yet fitted) fitted on all of them.
  init(name: String, source: Matrix, preparation: Preparation, targetName: String, targets: Targets, ids: [IdColumn]) {
    precondition(source.rows == targets.count, "one target per sample")
    precondition(source.columns == preparation.columns.count, "one source column per column")
    self.name = name
    self.source = source
    self.sourceTargets = targets
    self.preparation = preparation
    self.features = source
    self.featureNames = []
    self.targetName = targetName
    self.targets = targets
    self.ids = ids
    refit()
  }

  /// Fits the preparation on the training part and remakes the features and targets from it.
  mutating func refit() {
    var values: [Float]? = nil
    if case .values(let v) = sourceTargets { values = v }
    preparation.fit(on: source, targets: values, rows: trainingRows)
    features = preparation.features(of: source)
    featureNames = preparation.featureNames
    if case .values(let v) = sourceTargets { targets = .values(preparation.scaledTargets(v)) }
  }

  /// The dataset with `step` added to its preparation, fitted anew on the training part.
  func adding(_ step: PreparationStep) -> Dataset {
    var out = self
    out.preparation.steps.append(step)
    out.refit()
    return out
  }

  /// The dataset with this split (nil: none), its preparation fitted on the new training part.
  public func splitting(_ split: Split?) -> Dataset {
    var out = self
    out.split = split
    out.refit()
    return out
  }

  /// The rows `order` (repeats allowed), in that order, with what was fitted kept as it is: a
  /// part of the data or a reordering of it is prepared as the whole was.
  func selecting(_ order: [Int], split newSplit: Split?) -> Dataset {
    var out = self
    out.source = source.rows(order)
    out.features = preparation.isIdentity ? out.source : features.rows(order)
    out.sourceTargets = Self.reorder(sourceTargets, order)
    out.targets = Self.reorder(targets, order)
    out.ids = ids.map { column in IdColumn(name: column.name, values: order.map { column.values[$0] }) }
    out.split = newSplit
    return out
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
