/// A training run that cannot start: a configuration, data or snapshot that does not fit.
public struct TrainingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What does not fit, in words for the user.
  public let message: String
  /// The setting at fault, when it is one of the configuration's: a language names it in
  /// its own words rather than repeat `message`.
  public let setting: TrainingConfig.Problem?

  /// An error that is not about one setting.
  init(message: String) {
    self.message = message
    self.setting = nil
  }

  /// An error about a setting that cannot be used.
  init(_ setting: TrainingConfig.Problem) {
    self.message = setting.description
    self.setting = setting
  }

  /// `message`, for printing.
  public var description: String { message }
}
