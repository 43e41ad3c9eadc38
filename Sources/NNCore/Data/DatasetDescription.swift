import Foundation

/// What `describe` reports about a dataset: statistics per feature, class counts, and the
/// warnings the doctor reuses before training.
public struct DatasetDescription: Sendable {
  /// One feature column summed up over its finite values.
  public struct FeatureStatistics: Sendable {
    /// The feature's name, as in `Dataset.featureNames`.
    public let name: String
    /// Over the finite values; `std` divides by n, not n − 1. A column with no finite value has NaN
    /// for `min` and `max`, 0 for `mean` and 1 for `std`.
    public let min, max, mean, std: Float
    /// Non-finite values (a prepared dataset has none; kept for data built by hand).
    public let missing: Int
  }

  /// A warning with a stable code; the doctor's codes where they are the same finding.
  public struct Warning: Sendable, Equatable {
    /// `unscaled-input`, `constant-feature`, `class-imbalance`, `conflicting-duplicates` or `sorted-labels`.
    public let code: String
    /// What was found, then the remedy after a colon.
    public let message: String
    /// The number the warning judged and the bound it passed (a mean of 12 against 10), and
    /// the share of the features or classes that show it: how strongly the evidence speaks.
    /// 1, 1 and 1 for the warnings that only say that something is so.
    public let measure: Double
    public let threshold: Double
    public let coverage: Double

    init(code: String, message: String, measure: Double = 1, threshold: Double = 1, coverage: Double = 1) {
      self.code = code
      self.message = message
      self.measure = measure
      self.threshold = threshold
      self.coverage = coverage
    }
  }

  /// The dataset's `name`.
  public let name: String
  /// The number of rows.
  public let samples: Int
  /// One entry per feature column, in column order.
  public let features: [FeatureStatistics]
  /// Samples per class, in class-index order; nil for a regression target.
  public let classCounts: [(name: String, count: Int)]?
  /// The dataset's parts; nil when it is not split.
  public let split: Dataset.Split?
  /// What may hurt training, for `describe` and the doctor; empty when nothing does.
  public let warnings: [Warning]

  /// A feature whose mean or standard deviation is beyond this is far from zero mean and
  /// unit scale (raw digits pixels average up to 12; standardized data 0 and 1).
  static let unscaledMoment: Float = 10
  /// A feature whose standard deviation is below the features' typical one (their root mean
  /// square) by more than this ratio is on another scale: its weights learn that much slower.
  static let unscaledStdRatio: Float = 20
  /// Features on another scale are a problem when they are this share of the varying ones. A
  /// few near-constant pixels at an image's border are not: digits divided by 16, as MNIST is
  /// by 255, has 7 of its 61 varying pixels 20 times below the typical spread (11%), and
  /// trains as well as standardized digits. Half the features at 1/100 of the others' scale is.
  static let unscaledShare: Float = 0.25
  /// The largest class outnumbering the smallest by this much is an imbalance…
  static let imbalanceRatio: Double = 3
  /// …when the counts show it beyond their sampling noise: the chance that counts drawn with
  /// a ratio of only `imbalanceRatio` come out as uneven is below this. 3 against 13 (a
  /// ratio of 4.3 by the counts) is 0.41 and stays quiet; 900 against 100 is far below.
  static let imbalanceSignificance: Double = 0.01

  /// `rowChecks: false` leaves out the checks that compare whole rows (conflicting
  /// duplicates), for callers that only need the column statistics and class balance, such
  /// as the doctor before every `train`.
  public init(_ dataset: Dataset, rowChecks: Bool = true) {
    name = dataset.name
    samples = dataset.count
    split = dataset.split
    features = Self.columnStatistics(dataset.features, names: dataset.featureNames)
    if let names = dataset.targets.classNames {
      classCounts = Array(zip(names, dataset.classCounts())).map { (name: $0.0, count: $0.1) }
    } else {
      classCounts = nil
    }
    warnings = Self.warnings(dataset, features, classCounts, rowChecks: rowChecks)
  }

  private static func warnings(
    _ dataset: Dataset, _ features: [FeatureStatistics], _ classCounts: [(name: String, count: Int)]?,
    rowChecks: Bool
  ) -> [Warning] {
    var warnings: [Warning] = []
    if let scale = scaleWarning(features) { warnings.append(scale) }
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
      Double(most) / Double(least) >= imbalanceRatio,
      binomialTail(least, of: most + least, probability: 1 / (1 + imbalanceRatio)) < imbalanceSignificance
    {
      warnings.append(
        Warning(
          code: "class-imbalance",
          message:
            "the largest class has \(format(Float(most) / Float(least)))× the samples of the smallest: weights: balanced or balance(data)",
          measure: Double(most) / Double(least), threshold: imbalanceRatio))
    }
    if case .classes(let labels, _) = dataset.targets {
      let conflicts = rowChecks ? conflictingDuplicates(dataset.features, labels) : 0
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

  /// unscaled-input: a feature far from zero mean or unit spread (one is enough to swamp the
  /// others in the first layer), or a share of the features on a much smaller scale than the rest.
  private static func scaleWarning(_ features: [FeatureStatistics]) -> Warning? {
    if let farthest = features.max(by: { abs($0.mean) < abs($1.mean) }), abs(farthest.mean) > unscaledMoment {
      return Warning(
        code: "unscaled-input",
        message:
          "feature '\(farthest.name)' averages \(format(farthest.mean)), far from zero: standardize(data) or minmax(data)",
        measure: Double(abs(farthest.mean)), threshold: Double(unscaledMoment))
    }
    if let widest = features.max(by: { $0.std < $1.std }), widest.std > unscaledMoment {
      return Warning(
        code: "unscaled-input",
        message: "feature '\(widest.name)' has standard deviation \(format(widest.std)), far from 1: standardize(data)",
        measure: Double(widest.std), threshold: Double(unscaledMoment))
    }
    // Judged against the typical spread, not the widest: one wide feature beside many narrow
    // ones and many wide beside a few narrow are different problems (only the first is one).
    let varying = features.filter { $0.std > 0 }
    guard !varying.isEmpty else { return nil }
    let typical = (varying.map { Double($0.std) * Double($0.std) }.reduce(0, +) / Double(varying.count)).squareRoot()
    let narrow = varying.filter { Double($0.std) * Double(unscaledStdRatio) < typical }
    let narrowShare = Float(narrow.count) / Float(varying.count)
    guard narrowShare >= unscaledShare, let widest = varying.max(by: { $0.std < $1.std }),
      let narrowest = narrow.min(by: { $0.std < $1.std })
    else { return nil }
    return Warning(
      code: "unscaled-input",
      message:
        "features on very different scales: \(narrow.count) of \(varying.count) vary \(format(unscaledStdRatio))× less than is typical, '\(narrowest.name)' \(format(widest.std / narrowest.std))× less than '\(widest.name)': standardize(data)",
      measure: typical / Double(narrowest.std), threshold: Double(unscaledStdRatio), coverage: Double(narrowShare))
  }

  /// The chance of `successes` or fewer in `trials` draws of `probability`: exact, summed
  /// down from `successes` until the terms no longer count.
  static func binomialTail(_ successes: Int, of trials: Int, probability p: Double) -> Double {
    guard successes < trials else { return 1 }
    func logTerm(_ k: Int) -> Double {
      lgamma(Double(trials + 1)) - lgamma(Double(k + 1)) - lgamma(Double(trials - k + 1)) + Double(k) * log(p)
        + Double(trials - k) * log(1 - p)
    }
    var total = 0.0
    for k in stride(from: successes, through: 0, by: -1) {
      let term = exp(logTerm(k))
      total += term
      if term < total * 1e-12 { break }
    }
    return min(total, 1)
  }

  /// Per column: min, max, mean and std of the finite values, in one pass over the rows in
  /// storage order (the doctor runs this before every `train`, so it must stay cheap on wide
  /// data). Sums are taken about the first row's value, which keeps the variance exact enough
  /// for columns far from zero, in Float over blocks of rows and in Double across blocks; the
  /// loop has no branch, so LLVM vectorises it.
  private static func columnStatistics(_ matrix: Matrix, names: [String]) -> [FeatureStatistics] {
    let (rows, columns) = (matrix.rows, matrix.columns)
    let shift = (0..<columns).map { j in (0..<rows).lazy.map { matrix[$0, j] }.first(where: \.isFinite) ?? 0 }
    // Per column, in one buffer: count, sum, squares (per block), low, high.
    let state = UnsafeMutablePointer<Float>.allocate(capacity: 5 * columns)
    defer { state.deallocate() }
    let (count, sum, squares) = (state, state + columns, state + 2 * columns)
    let (low, high) = (state + 3 * columns, state + 4 * columns)
    low.initialize(repeating: .infinity, count: columns)
    high.initialize(repeating: -.infinity, count: columns)
    var totals = [Double](repeating: 0, count: 3 * columns)  // count, sum, squares
    let block = 256
    matrix.values.withUnsafeBufferPointer { values in
      shift.withUnsafeBufferPointer { shift in
        for start in stride(from: 0, to: rows, by: block) {
          state.initialize(repeating: 0, count: 3 * columns)
          for r in start..<min(rows, start + block) {
            let row = values.baseAddress! + r * columns
            for j in 0..<columns {
              let x = row[j]
              let finite = x.isFinite
              let d = finite ? x - shift[j] : 0
              count[j] += finite ? 1 : 0
              sum[j] += d
              squares[j] += d * d
              low[j] = finite ? min(low[j], x) : low[j]
              high[j] = finite ? max(high[j], x) : high[j]
            }
          }
          for j in 0..<3 * columns { totals[j] += Double(state[j]) }
        }
      }
    }
    return (0..<columns).map { j in
      let n = totals[j]
      guard n > 0 else {
        return FeatureStatistics(name: names[j], min: .nan, max: .nan, mean: 0, std: 1, missing: rows)
      }
      let centre = totals[columns + j] / n
      let variance = max(0, totals[2 * columns + j] / n - centre * centre)
      return FeatureStatistics(
        name: names[j], min: low[j], max: high[j], mean: Float(Double(shift[j]) + centre),
        std: Float(variance.squareRoot()), missing: rows - Int(n))
    }
  }

  /// Groups of identical rows that carry more than one label. Rows are grouped by a hash of
  /// their values first, and compared in full only within a group.
  private static func conflictingDuplicates(_ features: Matrix, _ labels: [Int32]) -> Int {
    let width = features.columns
    return features.values.withUnsafeBufferPointer { values in
      // FNV-1a over the values' bits: cheap, and collisions only cost a full comparison.
      var byHash: [UInt64: [Int]] = [:]
      for r in 0..<features.rows {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let row = values.baseAddress! + r * width
        for j in 0..<width { hash = (hash ^ UInt64(row[j].bitPattern)) &* 0x100_0000_01b3 }
        byHash[hash, default: []].append(r)
      }
      var conflicts = 0
      for group in byHash.values where group.count > 1 {
        var seen: [ArraySlice<Float>: Set<Int32>] = [:]
        for r in group { seen[features.row(r), default: []].insert(labels[r]) }
        conflicts += seen.values.filter { $0.count > 1 }.count
      }
      return conflicts
    }
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
