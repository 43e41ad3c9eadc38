import NNCore

/// Samples given to `predict` or `eval`, prepared exactly as the model's training data was:
/// its fitted fills, category indicators and scalers, whatever preparation the samples had.
struct PreparedSamples {
  /// What the network takes, one row per sample.
  var features: Matrix
  /// The samples' id columns, for predictions to be written beside.
  var ids: [IdColumn]
  /// What the user should hear about how they were prepared (texts never seen in training…).
  var notes: [String]
}

extension Model {
  /// `rows` of a dataset (all by default), from its columns as read.
  func prepared(_ dataset: Dataset, rows: [Int]? = nil) throws -> PreparedSamples {
    var notes: [String] = []
    // Data prepared by other steps than the training data's: theirs are not used. The same
    // steps fitted on other rows (the whole data, where training held a part out) say nothing.
    if dataset.preparation.steps != preparation.steps, !dataset.preparation.steps.isEmpty {
      notes.append(
        "'\(dataset.name)' is prepared as the network's training data was: its own \(Self.stepNames(dataset.preparation)) is not used"
      )
    }
    // csv() of a file without the target takes its last column for one.
    if preparation.columns.contains(where: { $0.name == dataset.targetName }) {
      throw DataError(
        "'\(dataset.name)' reads '\(dataset.targetName)' as its target, and the network takes it as a feature",
        hint: "predict(\"new.csv\") reads a file of samples without a target")
    }
    let source = rows.map { dataset.source.rows($0) } ?? dataset.source
    let ids = dataset.ids.map { column in
      IdColumn(name: column.name, values: rows.map { $0.map { column.values[$0] } } ?? column.values)
    }
    // The training data itself, or a part of it, is already prepared by this very preparation.
    if dataset.preparation == preparation {
      let features = rows.map { dataset.features.rows($0) } ?? dataset.features
      return try checked(PreparedSamples(features: features, ids: ids, notes: notes))
    }
    return try prepared(source, columns: dataset.preparation.columns, ids: ids, notes: notes)
  }

  /// `rows` of a labelled dataset as the network is scored on them: prepared as the training
  /// data was, a regression target scaled as it was.
  func trainingSet(_ dataset: Dataset, rows: [Int]) throws -> TrainingSet {
    let features = try prepared(dataset, rows: rows).features
    switch dataset.sourceTargets {
    case .classes:
      return TrainingSet(
        features: features, classes: try classes(of: dataset, rows: rows), classCount: classNames?.count ?? 0)
    case .values(let values):
      let scaled = preparation.scaledTargets(rows.map { values[$0] })
      return TrainingSet(features: features, values: Matrix(rows: rows.count, columns: 1, values: scaled))
    }
  }

  /// The classes of `rows` of a labelled dataset, as the network's output numbers them: by
  /// name, so that data holding some of the classes, or naming them in another order, is
  /// scored right. A class the network never learned is an error naming it.
  func classes(of dataset: Dataset, rows: [Int]) throws -> [Int32] {
    guard case .classes(let labels, let names) = dataset.sourceTargets, let known = classNames else { return [] }
    let place = Dictionary(uniqueKeysWithValues: known.enumerated().map { ($1, Int32($0)) })
    let unknown = names.enumerated().filter { place[$0.element] == nil }.map(\.offset)
    let used = Set(rows.map { Int(labels[$0]) })
    if let first = unknown.first(where: used.contains) {
      throw DataError(
        "'\(dataset.name)' has the class '\(names[first])', which the network was not trained on: it knows \(known.map { "'\($0)'" }.joined(separator: ", "))"
      )
    }
    return rows.map { place[names[Int(labels[$0])]]! }
  }

  /// Samples read from a file. What the reader notes about encoding its columns is left out:
  /// they are encoded as the training data was.
  func prepared(_ samples: Samples) throws -> PreparedSamples {
    try prepared(samples.values, columns: samples.columns, ids: samples.ids, notes: [])
  }

  /// Rows of values, one per column as the training data was read.
  func prepared(cells: [[Preparation.Cell]]) throws -> PreparedSamples {
    var unseen: [String: Set<String>] = [:]
    let source = try preparation.samples(cells, unseen: &unseen)
    return try checked(
      PreparedSamples(features: preparation.features(of: source), ids: [], notes: Self.notes(unseen)))
  }

  private func prepared(_ values: Matrix, columns: [SourceColumn], ids: [IdColumn], notes: [String]) throws
    -> PreparedSamples
  {
    var unseen: [String: Set<String>] = [:]
    let source = try preparation.samples(values, columns: columns, unseen: &unseen)
    var notes = notes + Self.notes(unseen)
    let missing = source.values.lazy.filter(\.isNaN).count
    if missing > 0, preparation.imputation != .none {
      notes.append(
        "filled \(missing) missing value\(missing == 1 ? "" : "s") as the training data's were: a number with its column's \(preparation.imputation.rawValue), a text with its commonest value"
      )
    }
    return try checked(PreparedSamples(features: preparation.features(of: source), ids: ids, notes: notes))
  }

  /// The samples, unless one has a value nothing fills: a NaN there would be a NaN loss or a
  /// class made up from it.
  private func checked(_ samples: PreparedSamples) throws -> PreparedSamples {
    guard let (row, column) = preparation.firstMissing(in: samples.features) else { return samples }
    throw DataError(
      "sample \(row + 1) has no value in column '\(column)', and the training data's preparation fills none",
      hint: "missing: \"mean\" or \"median\" when loading the training data fills missing values")
  }

  private static func notes(_ unseen: [String: Set<String>]) -> [String] {
    unseen.keys.sorted().map { column in
      let texts = unseen[column]!.sorted()
      let shown = texts.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (texts.count > 3 ? ", …" : "")
      return
        "column '\(column)' has \(texts.count == 1 ? "a text" : "\(texts.count) texts") the training data never had (\(shown)): encoded as all zeros"
    }
  }

  private static func stepNames(_ preparation: Preparation) -> String {
    var names: [String] = []
    for step in preparation.steps {
      let name: String
      switch step {
      case .standardize: name = "standardize"
      case .minmax: name = "minmax"
      case .onehot: name = "onehot"
      }
      if !names.contains(name) { names.append(name) }
    }
    return names.joined(separator: " and ")
  }
}
