/// A preparation the user asked for. Steps are recorded, not applied once: each is fitted on
/// the training part whenever the data is split, whatever the order they were asked in, so
/// that no statistic comes from the rows a network is judged on.
public enum PreparationStep: Sendable, Equatable, Codable {
  /// Every feature to mean 0, standard deviation 1; `target` also scales a regression target.
  case standardize(target: Bool)
  /// Every feature to [0, 1]; `target` also scales a regression target.
  case minmax(target: Bool)
  /// The named columns of numbers (nil: each of 2 to 10 distinct whole numbers, a coded
  /// category) as one indicator feature per value.
  case onehot(columns: [String]?)

  /// Whether the step scales a regression target too.
  var scalesTarget: Bool {
    switch self {
    case .standardize(let target), .minmax(let target): return target
    case .onehot: return false
    }
  }
}

/// What fills a missing value of a sample: fitted on the training part, then applied to every
/// sample, new ones included.
public enum Imputation: String, Sendable, Equatable, Codable {
  /// A missing value is an error.
  case none
  /// A number takes its column's mean; a text its commonest value.
  case mean
  /// A number takes its column's median; a text its commonest value.
  case median
}
