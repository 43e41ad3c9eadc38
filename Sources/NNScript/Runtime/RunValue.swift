import NNCore

/// What `train` returns: the finished run, with the members scripts read (`memberNames`).
///
///     if case .run(let run)? = engine[variable: "r"], case .number(let accuracy)? = run.member("val_acc") {
///       print("validation accuracy", accuracy, "after", run.member("epochs")?.description ?? "?", "epochs")
///     }
public struct RunValue: Sendable {
  /// The training core's whole record of the run: history, telemetry, why it stopped.
  let run: TrainingRun
  /// The metrics `metrics:` followed on the validation part, per epoch.
  var followed = ValidationMetricHistory()

  init(run: TrainingRun, followed: ValidationMetricHistory = ValidationMetricHistory()) {
    self.run = run
    self.followed = followed
  }

  static let memberNames = ["loss", "acc", "val_loss", "val_acc", "epochs", "seconds", "history", "stopped", "lr"]

  /// A member as scripts read it (`r.val_acc`, `r.history`…); nil for an unknown name.
  public func member(_ name: String) -> Value? {
    let last = run.final ?? run.history.last
    func metric(_ value: Float?) -> Value { value.map { .number($0.asScriptNumber) } ?? .none }
    switch name {
    case "loss": return metric(last?.loss)
    case "acc": return metric(last?.accuracy)
    case "val_loss": return metric(last?.validationLoss)
    case "val_acc": return metric(last?.validationAccuracy)
    case "lr": return metric(last?.learningRate)
    case "epochs": return .number(Double(run.history.count))
    case "seconds": return .number(Self.microseconds(run.seconds))
    case "stopped": return .string(run.stopReason.description)
    case "history":
      return .list(
        run.history.map { record in
          .record(
            Record(
              [
                ("epoch", .number(Double(record.epoch))), ("loss", metric(record.loss)),
                ("acc", metric(record.accuracy)), ("val_loss", metric(record.validationLoss)),
                ("val_acc", metric(record.validationAccuracy)),
              ] + followed.fields(for: record) + [
                ("lr", metric(record.learningRate)), ("seconds", .number(Self.microseconds(record.seconds))),
              ]))
        })
    default:
      // A metric `metrics:` followed, of the epoch whose weights the run kept, as val_acc.
      return followed.fields(for: last).first { $0.0 == name }?.1
    }
  }

  /// Wall time to the microsecond: the clock says no more, and scripts and tables then show
  /// 0.001448848 rather than 0.0014488480000000002.
  private static func microseconds(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }

  /// `<run: 30 epochs, val_acc 0.972>`
  var summary: String {
    var out = "<run: \(run.history.count) epoch\(run.history.count == 1 ? "" : "s")"
    if let last = run.final ?? run.history.last {
      if let acc = last.validationAccuracy { out += ", val_acc \(Value.format(acc.asScriptNumber))" }
      if let loss = last.validationLoss { out += ", val_loss \(Value.format(loss.asScriptNumber))" }
    }
    return out + ">"
  }
}

extension Float {
  /// The number a script sees: the shortest decimal that reads back as this Float, so a
  /// metric prints as 0.99442899 rather than 0.9944289922714233.
  var asScriptNumber: Double { Double("\(self)") ?? Double(self) }
}
