import NNCore

/// The metrics `metrics:` follows, measured on the validation part after each epoch, kept by
/// the epoch's record so that the history and the run read them back.
struct ValidationMetricHistory: Sendable, Hashable {
  let metrics: [ValidationMetric]
  private var values: [EpochRecord: [Double?]] = [:]

  init(metrics: [ValidationMetric] = []) { self.metrics = metrics }

  /// Measures the metrics of `run`'s network as `record`'s epoch left it, and keeps them:
  /// each with its run name, nil where it is undefined (a class absent from the part).
  mutating func measure(_ record: EpochRecord, _ run: PreparedRun) -> [(name: String, value: Double?)] {
    guard !metrics.isEmpty, let rows = run.dataset.split?.validation, !rows.isEmpty,
      let features = try? run.model.prepared(run.dataset, rows: rows).features,
      let measured = try? EvaluationMetrics(
        model: run.model, features: features, dataset: run.dataset, rows: rows, part: "validation")
    else { return [] }
    let fields = Record(measured.fields)
    let numbers = metrics.map { metric -> Double? in
      if case .number(let x)? = fields[metric.evalField] { return x } else { return nil }
    }
    values[record] = numbers
    return zip(metrics, numbers).map { ($0.runName, $1) }
  }

  /// The fields a history entry or a run shows for `record`: none where it was not measured
  /// (an epoch before a resumed run).
  func fields(for record: EpochRecord?) -> [(String, Value)] {
    let numbers = record.flatMap { values[$0] }
    return metrics.enumerated().map { i, metric in
      (metric.runName, numbers?[i].map { .number($0) } ?? .none)
    }
  }
}
