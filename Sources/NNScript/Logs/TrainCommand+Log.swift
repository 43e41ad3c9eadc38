/// `train … log: "runs/NAME"`.
extension TrainCommand {
  /// The training log `log:` asks for, its folder relative to the script; nil without `log:`.
  /// A run resumed after epoch `resumedAfter` goes on with the log it had.
  func logObserver(for recipe: Recipe, resumedAfter: Int?) throws -> RunObserver? {
    guard let (value, range) = recipe.options.values["log"] else { return nil }
    guard case .string(let path) = value, !path.isEmpty else {
      let found = if case .string = value { "an empty string" } else { value.typeName }
      throw Diagnostic(error: "log: expects a folder name such as \"runs/first\", found \(found)", at: range)
    }
    return try TrainingLog(
      folder: try interpreter.resolve(path, for: .writing, at: range), shown: path, range: range,
      resumedAfter: resumedAfter)
  }
}
