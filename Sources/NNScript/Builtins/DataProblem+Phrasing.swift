import NNCore

/// The core's data problems in the words of the data functions' options (`missing:`,
/// `classify:`, `max_categories:`, `target:`).
extension DataProblem {
  /// What is wrong, one phrase with no final period: the core's own words where they name
  /// no setting.
  var phrased: String {
    switch self {
    case .tooManyCategories(let column, let distinct, let limit):
      "column '\(column)' holds \(distinct) distinct text values, more than max_categories: \(limit)"
    case .scaledClassTarget: "target: true scales a regression target, and this dataset's target is classes"
    case .missingValue, .textTargetAsValues, .invalidText: message
    }
  }

  /// The option that fixes it, as a short phrase; nil when the message says it.
  var phrasedHint: String? {
    switch self {
    case .missingValue(_, let inTarget, let remedies):
      let quoted = remedies.map { "\"\($0.rawValue)\"" }
      if inTarget { return "use missing: \(quoted.joined(separator: " or ")) to leave such rows out" }
      let last = quoted.suffix(1).joined()
      return "use missing: " + (quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " or " : "") + last
    case .textTargetAsValues: return "leave out classify: false"
    case .tooManyCategories: return "drop the column if it is an id or free text, or raise max_categories:"
    case .invalidText(let encoding, _):
      return encoding == "UTF-8" ? "use encoding: \"latin1\" if it is Latin-1" : nil
    case .scaledClassTarget: return nil
    }
  }
}
