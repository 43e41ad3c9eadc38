import Foundation

/// What `describe` reports about a dataset: statistics per feature, class counts, and the
/// warnings the doctor reuses before training.
public struct DatasetDescription: Sendable {
  public struct FeatureStatistics: Sendable {
    public let name: String
    public let min, max, mean, std: Float
    /// Non-finite values (a prepared dataset has none; kept for data built by hand).
    public let missing: Int
  }

  /// A warning with a stable code; the doctor's codes where they are the same finding.
  public struct Warning: Sendable, Equatable {
    public let code: String
    public let message: String
  }

  public let name: String
  public let samples: Int
  public let features: [FeatureStatistics]
  public let classCounts: [(name: String, count: Int)]?
  public let split: Dataset.Split?
  public let warnings: [Warning]

  /// A feature whose mean or standard deviation is beyond this is far from zero mean and
  /// unit scale (raw digits pixels average up to 12; standardized data 0 and 1).
  static let unscaledMoment: Float = 10
  /// Standard deviations further apart than this ratio are on very different scales.
  static let unscaledStdRatio: Float = 20
  /// The largest class outnumbering the smallest by this much is an imbalance.
  static let imbalanceRatio: Double = 3

  public init(_ dataset: Dataset) {
    name = dataset.name
    samples = dataset.count
    split = dataset.split
    let matrix = dataset.features
    features = (0..<matrix.columns).map { j in
      let column = (0..<matrix.rows).map { matrix[$0, j] }.filter(\.isFinite)
      let (mean, std) = Dataset.meanAndStd(column)
      return FeatureStatistics(
        name: dataset.featureNames[j], min: column.min() ?? .nan, max: column.max() ?? .nan, mean: mean, std: std,
        missing: matrix.rows - column.count)
    }
    if let names = dataset.targets.classNames {
      classCounts = Array(zip(names, dataset.classCounts())).map { (name: $0.0, count: $0.1) }
    } else {
      classCounts = nil
    }
    warnings = Self.warnings(dataset, features, classCounts)
  }

  private static func warnings(
    _ dataset: Dataset, _ features: [FeatureStatistics], _ classCounts: [(name: String, count: Int)]?
  ) -> [Warning] {
    var warnings: [Warning] = []
    let varying = features.filter { $0.std > 0 }
    if let farthest = features.max(by: { abs($0.mean) < abs($1.mean) }), abs(farthest.mean) > unscaledMoment {
      warnings.append(
        Warning(
          code: "unscaled-input",
          message:
            "feature '\(farthest.name)' averages \(format(farthest.mean)), far from zero: standardize(data) or minmax(data)"
        ))
    } else if let widest = features.max(by: { $0.std < $1.std }), widest.std > unscaledMoment {
      warnings.append(
        Warning(
          code: "unscaled-input",
          message:
            "feature '\(widest.name)' has standard deviation \(format(widest.std)), far from 1: standardize(data)"))
    } else if let largest = varying.max(by: { $0.std < $1.std }), let smallest = varying.min(by: { $0.std < $1.std }),
      largest.std / smallest.std > unscaledStdRatio
    {
      warnings.append(
        Warning(
          code: "unscaled-input",
          message:
            "features on very different scales: '\(largest.name)' varies \(format(largest.std / smallest.std))× more than '\(smallest.name)': standardize(data)"
        ))
    }
    let constant = features.filter { $0.std == 0 }
    if !constant.isEmpty {
      let shown = constant.prefix(5).map { "'\($0.name)'" }.joined(separator: ", ") + (constant.count > 5 ? "…" : "")
      warnings.append(
        Warning(
          code: "constant-feature",
          message:
            "\(constant.count) feature\(constant.count == 1 ? " is" : "s are") constant and carry no information: \(shown)"
        ))
    }
    if let counts = classCounts?.map(\.count).filter({ $0 > 0 }), let most = counts.max(), let least = counts.min(),
      Double(most) / Double(least) >= imbalanceRatio
    {
      warnings.append(
        Warning(
          code: "class-imbalance",
          message:
            "the largest class has \(format(Float(most) / Float(least)))× the samples of the smallest: weights: balanced or balance(data)"
        ))
    }
    if case .classes(let labels, _) = dataset.targets {
      let conflicts = conflictingDuplicates(dataset.features, labels)
      if conflicts > 0 {
        warnings.append(
          Warning(
            code: "conflicting-duplicates",
            message: "\(conflicts) group\(conflicts == 1 ? "" : "s") of identical samples carry different labels"))
      }
      if labels.count > 1, Set(labels).count > 1, zip(labels, labels.dropFirst()).allSatisfy({ $0 <= $1 }) {
        warnings.append(
          Warning(
            code: "sorted-labels",
            message: "the rows are sorted by label: train with shuffling on (the default), never shuffle: false"))
      }
    }
    return warnings
  }

  private static func conflictingDuplicates(_ features: Matrix, _ labels: [Int32]) -> Int {
    var seen: [ArraySlice<Float>: Set<Int32>] = [:]
    for r in 0..<features.rows { seen[features.row(r), default: []].insert(labels[r]) }
    return seen.values.filter { $0.count > 1 }.count
  }

  /// Four significant digits, without a trailing fraction on whole numbers.
  static func format(_ x: Float) -> String {
    if x.isNaN { return "–" }
    // A mean of 3e-9 after standardizing is zero up to rounding, and reads better so.
    if abs(x) < 5e-6 { return "0" }
    if x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
    return String(format: "%.4g", Double(x))
  }

  /// The report as `describe` prints it, at most 80 columns wide.
  public var report: String {
    var out = "\(name): \(samples) samples, \(features.count) feature\(features.count == 1 ? "" : "s")"
    if let classCounts { out += ", \(classCounts.count) classes" } else { out += ", a regression target" }
    if let split {
      out += " (train \(split.train.count), validation \(split.validation.count)"
      out += split.test.isEmpty ? ")" : ", test \(split.test.count))"
    }
    out += "\n"
    let nameWidth = min(24, max(7, features.map(\.name.count).max() ?? 7))
    func cell(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - text.count)) + text
    }
    func fit(_ text: String) -> String { text.count > nameWidth ? String(text.prefix(nameWidth - 1)) + "…" : text }
    out += fit("feature").padding(toLength: nameWidth, withPad: " ", startingAt: 0)
    out += ["min", "max", "mean", "std", "missing"].map { cell($0, 11) }.joined() + "\n"
    for f in features {
      out += fit(f.name).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      out +=
        [f.min, f.max, f.mean, f.std].map { cell(Self.format($0), 11) }.joined() + cell(String(f.missing), 11) + "\n"
    }
    if let classCounts {
      out += "classes: " + classCounts.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n"
    }
    for warning in warnings { out += "warning: \(warning.code): \(warning.message)\n" }
    return out
  }
}
