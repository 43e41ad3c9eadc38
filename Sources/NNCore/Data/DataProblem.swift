/// A data error whose fix is a setting of `CSVOptions` or of a preparation step: which
/// column, which values, which limit. Its `message` and `hint` speak of the Swift settings.
public enum DataProblem: Equatable, Sendable {
  /// A cell of `column` (shortened as messages quote it) is missing, in the target when
  /// `inTarget`; reading with one of `remedies` as `CSVOptions.missing` gets past it.
  case missingValue(column: String, inTarget: Bool, remedies: [CSVOptions.Missing])
  /// The target column holds text, and `CSVOptions.classify` is false: text can only be classes.
  case textTargetAsValues(target: String)
  /// A text feature column holds `distinct` values, more than `CSVOptions.maxCategories`.
  case tooManyCategories(column: String, distinct: Int, limit: Int)
  /// The file is not valid text in `encoding` ("UTF-8", "UTF-16") at byte `offset`, from 0;
  /// `CSVOptions.encoding` reads a UTF-8 error's file as Latin-1.
  case invalidText(encoding: String, offset: Int)
  /// Scaling the target was asked for, and the dataset's target is classes.
  case scaledClassTarget

  /// What is wrong, in the core's terms, one phrase with no final period.
  public var message: String {
    switch self {
    case .missingValue(let column, let inTarget, _):
      "missing \(inTarget ? "target " : "")value in column '\(column)'"
    case .textTargetAsValues(let target): "the target '\(target)' holds text, so it can only be classes"
    case .tooManyCategories(let column, let distinct, let limit):
      "column '\(column)' holds \(distinct) distinct text values, more than the limit of \(limit)"
    case .invalidText(let encoding, let offset): "the file is not valid \(encoding) at byte offset \(offset)"
    case .scaledClassTarget: "only a regression target can be scaled, and this dataset's target is classes"
    }
  }

  var hint: String? {
    switch self {
    case .missingValue(_, _, let remedies):
      "read with CSVOptions.missing " + remedies.map { ".\($0.rawValue)" }.joined(separator: ", ")
    case .textTargetAsValues: "leave CSVOptions.classify nil"
    case .tooManyCategories: "drop the column if it is an id or free text, or raise CSVOptions.maxCategories"
    case .invalidText(let encoding, _):
      encoding == "UTF-8" ? "read with CSVOptions.encoding .latin1 if it is Latin-1" : nil
    case .scaledClassTarget: nil
    }
  }
}
