import Foundation

/// The values `nnscript trial --params JSON` gives, read back into a point of the search:
/// numbers for spaces, and for a choice the value (or its source text) of one of its choices.
struct TrialParameters {
  let plan: SearchPlan

  func point(_ json: String, at range: SourceRange) throws -> [Double] {
    guard let given = JSONScalar.parse(json) else {
      throw Diagnostic(
        error: "the trial's parameters are not a JSON object of numbers, strings and booleans", at: range)
    }
    let names = plan.settings.map(\.parameter.name)
    if let unknown = given.keys.sorted().first(where: { !names.contains($0) }) {
      throw Diagnostic(error: "the trial's parameter '\(unknown)' is not searched here", at: range)
        .suggesting(unknown, from: names)
    }
    return try plan.settings.map { setting in
      let name = setting.parameter.name
      guard let value = given[name] else {
        throw Diagnostic(error: "the trial's parameters give no value for '\(name)'", at: setting.range)
      }
      if case .choice = setting.parameter.space {
        guard let index = setting.choices.firstIndex(where: { JSONScalar($0) == value }) else {
          throw Diagnostic(error: "the trial's \(name) \(value.text) is not one of its choices", at: setting.range)
        }
        return Double(index)
      }
      guard let number = value.number, number.isFinite else {
        throw Diagnostic(error: "the trial's \(name) must be a number, found \(value.text)", at: setting.range)
      }
      return number
    }
  }
}

extension TrialReport {
  /// The status line a trial ends with: how it ended and what it scored.
  func json(trial: Int, cancelled: Bool) -> String {
    var fields: [(String, JSONScalar)] = [
      ("trial", .number(Double(trial))), ("status", .string(cancelled ? "terminated" : state.rawValue)),
      ("val_loss", JSONScalar(validationLoss)), ("val_loss_std", JSONScalar(validationLossStd)),
      ("val_acc", JSONScalar(validationAccuracy)), ("epochs", .number(Double(epochs))), ("seconds", .number(seconds)),
    ]
    if let message { fields.append(("message", .string(message))) }
    return JSONScalar.object(fields)
  }

  /// A status line read back; a trial that was terminated or lost counts as failed.
  init?(json fields: [String: JSONScalar]) {
    guard case .string(let status) = fields["status"] else { return nil }
    self.init(
      state: TrialState(rawValue: status).flatMap { $0 == .running ? nil : $0 } ?? .failed,
      epochs: Int(fields["epochs"]?.number ?? 0), seconds: fields["seconds"]?.number ?? 0)
    validationLoss = fields["val_loss"]?.number
    validationLossStd = fields["val_loss_std"]?.number
    validationAccuracy = fields["val_acc"]?.number
    if case .string(let message) = fields["message"] { self.message = message }
    if state == .failed, message == nil { message = "the trial was \(status)" }
  }
}
