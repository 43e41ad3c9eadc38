import NNCore

/// One training `fix` tried: the outcome, or nil when the doctor refused to run it.
struct FixAttempt {
  let outcome: TrainingOutcome?
  let report: DoctorReport
  /// Its scores row by row, which `fix` compares with another run's on the same rows.
  let scores: PairedScores

  init(outcome: TrainingOutcome?, report: DoctorReport, judge: FixJudge) {
    self.outcome = outcome
    self.report = report
    scores =
      outcome.map {
        judge.scores($0.run.run, network: $0.model.network, loss: $0.model.trainer?.config.loss, dataset: $0.dataset)
      } ?? .diverged(judge)
  }

  /// The judge's metric; nil for a refused run.
  var metric: Double? { outcome == nil ? nil : scores.metric }

  var trained: Bool { outcome != nil }

  /// Higher is better: the metric (the validation cross-entropy breaking ties for classes),
  /// and a refused or non-finite run below every run that trained.
  func score(judge: FixJudge) -> Double {
    guard let metric, metric.isFinite else { return outcome == nil ? -.infinity : -.greatestFiniteMagnitude }
    guard judge.isClassification else { return -metric }
    return metric - 1e-9 * (scores.loss.isFinite ? min(1e3, scores.loss) : 1e3)
  }
}

extension NetworkValue {
  /// Whether `range` lies within the text of the layers (a layer fix, not an option's).
  func contains(_ range: SourceRange) -> Bool {
    guard let first = layers.first?.range, let last = layers.last?.range else { return false }
    return range.file === first.file && range.start >= first.start && range.end <= last.end
  }
}

extension Fix {
  /// `data = standardize(data)`: a change to the data rather than to the network or options.
  var isDataChange: Bool { text.hasPrefix("data = ") }

  /// The `train` option the fix sets (`lr` for `lr: 0.01`), when it sets one.
  var option: String? {
    guard !isDataChange, let colon = text.firstIndex(of: ":"),
      text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    else { return nil }
    return String(text[..<colon])
  }

  /// Whether applying both fixes would make one undo the other: the same option set twice,
  /// two versions of the layers, or two versions of the data.
  func overlaps(_ other: Fix, in network: NetworkValue) -> Bool {
    if let option, option == other.option { return true }
    if isDataChange && other.isDataChange { return true }
    let layers = { (fix: Fix) in fix.edit.map { network.contains($0.range) } ?? false }
    return layers(self) && layers(other)
  }

  /// Whether `fix` can try it: a data change, an edit of the user's text, or a `train`
  /// option. Advice such as `describe(data)` is for the user to follow.
  var isApplicable: Bool {
    isDataChange || edit != nil || text.range(of: #"^[a-z_][a-z0-9_]*: "#, options: .regularExpression) != nil
  }
}
