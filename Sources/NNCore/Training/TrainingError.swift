/// A training run that cannot start: a configuration, data or snapshot that does not fit.
public struct TrainingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What does not fit, in words for the user.
  public let message: String

  /// `message`, for printing.
  public var description: String { message }
}
