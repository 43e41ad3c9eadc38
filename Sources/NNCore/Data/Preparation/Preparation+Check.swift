/// A preparation read from a file is data: it is checked whole before anything applies it.
extension Preparation {
  /// What is wrong with this preparation as the one of a network taking `inputs`, or nil:
  /// one fill and encoding per column, indicators of known codes, one statistic per feature,
  /// finite numbers everywhere and the feature names the network was given.
  public func problem(inputs: [String]) -> String? {
    guard fills.count == columns.count, encodings.count == columns.count else {
      return "it does not have one fill and one encoding per column"
    }
    for (column, encoding) in zip(columns, encodings) {
      if let levels = column.levels, Set(levels).count != levels.count {
        return "column '\(column.name)' names a text twice"
      }
      guard case .indicators(let values) = encoding else { continue }
      guard values.allSatisfy(\.isFinite) else { return "the indicators of '\(column.name)' are not numbers" }
      guard Set(values).count == values.count else { return "the indicators of '\(column.name)' repeat a value" }
      if let levels = column.levels, !values.allSatisfy({ Int(exactly: $0).map(levels.indices.contains) ?? false }) {
        return "the indicators of '\(column.name)' name texts it does not have"
      }
    }
    guard featureCount == inputs.count, featureNames == inputs else {
      return "it makes other features than the network's \(inputs.count) inputs"
    }
    for scaler in scalers {
      guard scaler.shift.count == inputs.count, scaler.scale.count == inputs.count else {
        return "its \(scaler.kind) step does not have one statistic per input (\(inputs.count))"
      }
      guard (scaler.shift + scaler.scale).allSatisfy(\.isFinite), scaler.scale.allSatisfy({ $0 != 0 }) else {
        return "its \(scaler.kind) step has a statistic that is not a finite number, or a zero scale"
      }
    }
    let targetNumbers = targetScales.flatMap { [$0.shift, $0.scale] }
    guard targetNumbers.allSatisfy(\.isFinite), targetScales.allSatisfy({ $0.scale != 0 }) else {
      return "its target scale is not a finite number, or zero"
    }
    guard fills.allSatisfy({ $0?.isFinite ?? true }) else { return "a fill is infinite" }
    return nil
  }
}
