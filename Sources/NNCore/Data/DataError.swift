/// A problem with data: a file that cannot be read, a malformed CSV, a bad argument.
/// `line` names the line of the file where it was found, when there is one; `names` are
/// the names the user could have meant (the language layer turns them into "did you mean").
public struct DataError: Error, Equatable, Sendable {
  /// What is wrong, one phrase with no final period.
  public let message: String
  /// The file's line where it was found, from 1; nil when it is about no line.
  public let line: Int?
  /// Names the user could have meant (columns, datasets); empty when there are none.
  public let names: [String]
  /// What would fix it, as a short phrase ("is this a CSV file?").
  public let hint: String?
  /// What is wrong as data, when a reading or preparation option is the fix: a language
  /// names that option in its own words instead of `message` and `hint`.
  public let problem: DataProblem?

  /// An error; `line`, `names` and `hint` are given when known.
  public init(_ message: String, line: Int? = nil, names: [String] = [], hint: String? = nil) {
    self.message = message
    self.line = line
    self.names = names
    self.hint = hint
    self.problem = nil
  }

  /// An error about `problem`, described in the core's terms.
  public init(_ problem: DataProblem, line: Int? = nil) {
    self.message = problem.message
    self.line = line
    self.names = []
    self.hint = problem.hint
    self.problem = problem
  }
}
