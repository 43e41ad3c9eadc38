/// Forecasting samples cut from a series: each sample is `length` consecutive values (a
/// length × 1 sequence), its target the value `horizon` steps after the window's last.
public struct Windows: Sendable, Equatable {
  /// Values per sample.
  public var length: Int
  /// How many steps after the window's last value the target lies: 1 is the next value.
  public var horizon: Int
  /// The fraction of the series, from its start, that the training part holds.
  public var train: Double
  /// The fraction after it that the validation part holds; nil: all the rest, and no test part.
  public var validation: Double?

  /// Windows of `length` values forecasting `horizon` steps ahead, with the series cut in time
  /// into parts of these fractions.
  public init(length: Int, horizon: Int = 1, train: Double = 0.8, validation: Double? = nil) {
    self.length = length
    self.horizon = horizon
    self.train = train
    self.validation = validation
  }

  /// The values one sample reads and the one it forecasts.
  public var span: Int { length + horizon }

  /// The windows of `series`, already split: the series is cut in time into training,
  /// validation and test stretches, and windows are made within each stretch alone. So no
  /// value, input or target, belongs to two parts, and every value a later part reads comes
  /// after every value an earlier part trained on: a split of overlapping windows would let
  /// validation windows hold the very values training learned to forecast.
  public func dataset(of series: [Float], named name: String, valueName: String) throws -> Dataset {
    try check(series)
    let stretches = try self.stretches(of: series.count)
    let count = stretches.reduce(0) { $0 + $1.range.count - span + 1 }
    try Matrix.checkMemory(rows: count, columns: length)
    var values = [Float]()
    values.reserveCapacity(count * length)
    var targets = [Float]()
    var parts = [[Int]](repeating: [], count: 3)
    for (index, stretch) in stretches.enumerated() {
      for start in stretch.range.lowerBound...(stretch.range.upperBound - span) {
        parts[index].append(targets.count)
        values += series[start..<start + length]
        targets.append(series[start + length - 1 + horizon])
      }
    }
    let featureNames = (0..<length).map { lag in
      let back = length - 1 - lag
      return back == 0 ? "\(valueName)[t]" : "\(valueName)[t-\(back)]"
    }
    return Dataset(
      name: name, features: Matrix(rows: count, columns: length, values: values), featureNames: featureNames,
      targetName: "\(valueName)[t+\(horizon)]", targets: .values(targets), sampleShape: [length, 1]
    ).splitting(Dataset.Split(train: parts[0], validation: parts[1], test: parts[2]))
  }

  private func check(_ series: [Float]) throws {
    guard length >= 1 else { throw DataError("length: is the values per window: at least 1, found \(length)") }
    guard horizon >= 1 else {
      throw DataError("horizon: is how many steps ahead to forecast: at least 1, found \(horizon)")
    }
    guard train > 0, train < 1 else { throw DataError("the training fraction must be between 0 and 1, found \(train)") }
    if let validation {
      guard validation > 0, train + validation <= 1 else {
        throw DataError(
          "the validation fraction must be above 0 and leave room after training: \(train) + \(validation) is more than 1"
        )
      }
    }
    if let bad = series.firstIndex(where: { !$0.isFinite }) {
      throw DataError(
        "value \(bad + 1) of the series is \(series[bad].isNaN ? "missing" : "not finite")",
        hint: "a window must not hold a gap: fill or drop it first")
    }
    guard series.count >= span else {
      throw DataError(
        "the series has \(series.count) values, too few for one window of \(length) and a horizon of \(horizon) (\(span) values)"
      )
    }
  }

  /// The stretches of a series of `count` values each part takes, in time order; each holds
  /// at least one window (an empty test stretch is left out).
  private func stretches(of count: Int) throws -> [(name: String, range: Range<Int>)] {
    let trainEnd = Int((Double(count) * train).rounded())
    let validationEnd = validation.map { min(count, trainEnd + Int((Double(count) * $0).rounded())) } ?? count
    var stretches = [("training", 0..<trainEnd), ("validation", trainEnd..<validationEnd)]
    if validationEnd < count { stretches.append(("test", validationEnd..<count)) }
    for (name, range) in stretches where range.count < span {
      throw DataError(
        "the \(name) part holds \(range.count) of the series' \(count) values, too few for one window of \(length) and a horizon of \(horizon) (\(span) values)",
        hint:
          "windows are made within each part, so each needs \(span) values: a shorter length or a larger \(name) fraction"
      )
    }
    return stretches
  }
}

extension Dataset {
  /// The values of one column in row order, with its name: the regression target unless
  /// `column` names another column (a feature, as read) or the target. For `Windows`, which
  /// takes the rows as the series' order.
  public func series(column: String? = nil) throws -> (values: [Float], name: String) {
    guard split == nil else {
      throw DataError(
        "the dataset is already split, and a series is read from its rows in time order",
        hint: "give windows the data as loaded: it splits in time order itself (split:)")
    }
    let columns = preparation.columns.map(\.name)
    let name = column ?? targetName
    if name == targetName {
      guard case .values(let values) = sourceTargets else {
        throw DataError(
          "the target '\(targetName)' holds classes, not a series of values", names: columns,
          hint: column == nil ? "column: names the column that holds the series" : nil)
      }
      return (values, name)
    }
    guard let index = columns.firstIndex(of: name) else {
      throw DataError("no column '\(name)'", names: columns + [targetName])
    }
    guard !preparation.columns[index].isText else {
      throw DataError("column '\(name)' holds text, not a series of values")
    }
    return ((0..<count).map { source[$0, index] }, name)
  }
}
