import NNCore

/// `train … folds: K`: stratified k-fold cross-validation on the training part. Each fold
/// trains the network from fresh weights on the other folds and validates on its own; the
/// session's trained network stays as it was.
extension Interpreter {
  func crossValidate(_ options: TrainingOptions, at range: SourceRange) throws -> Value {
    let dataset = try dataset(options.values["on"], for: "train", at: range)
    let network = try network(for: options, at: range)
    let (value, foldsRange) = options.values["folds"]!
    let rows = dataset.trainingRows.count
    guard case .number(let n) = value, n == n.rounded(), n >= 2, n <= Double(rows) else {
      throw Diagnostic(
        error: "folds: expects a whole number from 2 to \(rows), found \(value.description)", at: foldsRange)
    }
    for name in CommandCatalog.options(of: .train, with: .keepsRunFiles).sorted() {
      if let (_, range) = options.values[name] {
        throw Diagnostic(error: "\(name): keeps one run's files, and cross-validation trains one run a fold", at: range)
          .expecting("it on a train without folds:")
      }
    }
    var each = options
    each.values["folds"] = nil
    let seed = random.next() >> 1
    let folds = StratifiedFolds(dataset, count: Int(n), seed: seed)
    var runs: [TrainingRun] = []
    for k in folds.folds.indices {
      let recipe = Recipe(
        network: network, dataset: folds.split(dataset, fold: k), options: each, seed: seed, range: range)
      do {
        runs.append(try trainingSession.train(recipe).run.run)
      } catch let refusal as DoctorRefusal {
        throw refusal.diagnostic
      }
      if !options.isQuiet { output("fold \(k + 1)/\(folds.folds.count): " + Self.foldLine(runs[k])) }
      // Ctrl-C stopped this fold: a mean over the folds that ran would misstate the model.
      if case .cancelled = runs[k].stopReason {
        throw error("interrupted in fold \(k + 1) of \(folds.folds.count)", at: range)
      }
    }
    let finals = runs.compactMap { $0.final ?? $0.history.last }
    let losses = finals.compactMap { $0.validationLoss.map { Double($0.asScriptNumber) } }
    let accuracies = finals.compactMap { $0.validationAccuracy.map { Double($0.asScriptNumber) } }
    var fields: [(String, Value)] = [("folds", .list(runs.map { .run(RunValue(run: $0)) }))]
    var summary: [String] = []
    for (name, values) in [("val_loss", losses), ("val_acc", accuracies)] where values.count == runs.count {
      let mean = TrialReport.mean(values)
      let std = TrialReport.standardDeviation(values)
      fields += [(name, .number(mean)), (name + "_std", .number(std))]
      summary.append("\(name) \(Self.foldNumber(mean)) ± \(Self.foldNumber(std))")
    }
    if !options.isQuiet { output("\(runs.count) folds: " + summary.joined(separator: ", ") + "\n") }
    return .record(Record(fields))
  }

  /// `val_loss 0.0812, val_acc 0.967 after 30 epochs`, and why it stopped when it did not complete.
  private static func foldLine(_ run: TrainingRun) -> String {
    var parts: [String] = []
    if let last = run.final ?? run.history.last {
      if let loss = last.validationLoss { parts.append("val_loss \(foldNumber(Double(loss)))") }
      if let acc = last.validationAccuracy { parts.append("val_acc \(foldNumber(Double(acc)))") }
    }
    var line = parts.joined(separator: ", ") + " after \(run.history.count) epoch\(run.history.count == 1 ? "" : "s")"
    if case .completed = run.stopReason {} else { line += " (\(run.stopReason))" }
    return line + "\n"
  }

  private static func foldNumber(_ x: Double) -> String { String(format: "%.4g", x) }
}
