import NNCore

/// A metric `train`'s `metrics:` follows on the validation part after every epoch, beside
/// val_loss and val_acc: the progress line shows it and the history keeps it (`val_f1`).
enum ValidationMetric: String, CaseIterable, Sendable, Hashable {
  case f1, precision, recall
  case balancedAcc = "balanced_acc"
  case auc, mae, rmse, r2

  /// Whether it scores classes; the others score values.
  var scoresClasses: Bool {
    switch self {
    case .f1, .precision, .recall, .balancedAcc, .auc: true
    case .mae, .rmse, .r2: false
    }
  }

  /// The field of `eval` that holds it: the macro averages for precision, recall and F1.
  var evalField: String {
    switch self {
    case .f1, .precision, .recall: "macro_\(rawValue)"
    default: rawValue
    }
  }

  /// How the progress line, the history and the run name it.
  var runName: String { "val_\(rawValue)" }
}

extension OptionKind where T == [ValidationMetric] {
  /// A metric's name, or a list of them, each one that fits the data's target.
  static let metrics = OptionKind(
    type: "a list of metric names: f1, precision, recall, balanced_acc, auc for classes; mae, rmse, r2 for values"
  ) { input in
    let items: [Value]
    switch input.value {
    case .string: items = [input.value]
    case .list(let list): items = list
    default:
      throw Diagnostic(
        error: "\(input.name): expects a list of metric names, found \(input.value.typeName)", at: input.range)
    }
    let known = ValidationMetric.allCases.map(\.rawValue)
    var metrics: [ValidationMetric] = []
    for item in items {
      guard case .string(let name) = item else {
        throw Diagnostic(
          error: "\(input.name): expects metric names as strings, found \(item.typeName)", at: input.range)
      }
      guard let metric = ValidationMetric(rawValue: name) else {
        throw Diagnostic(error: "\(input.name): there is no metric '\(name)'", at: input.range)
          .suggesting(name, from: known)
      }
      if let dataset = input.dataset, metric.scoresClasses != dataset.isClassification {
        throw Diagnostic(
          error: "\(input.name): \(name) scores \(metric.scoresClasses ? "classes" : "values"), "
            + "and this dataset's target is \(dataset.isClassification ? "a class" : "a value")",
          at: input.range)
      }
      if !metrics.contains(metric) { metrics.append(metric) }
    }
    return metrics
  }
}
