import NNCore

/// `train … folds: K`: stratified k-fold cross-validation on the training part. Each fold
/// trains the network from fresh weights on the other folds and validates on its own; the
/// session's trained network stays as it was.
struct CrossValidation: Command {
  let interpreter: Interpreter

  func run(_ options: TrainingOptions, at range: SourceRange) throws -> Value {
    let dataset = try dataset(options.values["on"], for: "train", at: range)
    let network = try TrainCommand(interpreter: interpreter).network(for: options, at: range)
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
    let seed = drawSeed()
    let folds = StratifiedFolds(dataset, count: Int(n), seed: seed)
    var runs: [RunValue] = []
    for k in folds.folds.indices {
      let recipe = Recipe(
        network: network, dataset: folds.split(dataset, fold: k), options: each, seed: seed, range: range)
      do {
        runs.append(try workspace.trainingSession.train(recipe).run)
      } catch let refusal as DoctorRefusal {
        throw refusal.diagnostic
      }
      if !options.isQuiet { output(TrainingText.fold(k, of: folds.folds.count, runs[k].run)) }
      // Ctrl-C stopped this fold: a mean over the folds that ran would misstate the model.
      if case .cancelled = runs[k].run.stopReason {
        throw interpreter.error("interrupted in fold \(k + 1) of \(folds.folds.count)", at: range)
      }
    }
    let finals = runs.compactMap { $0.run.final ?? $0.run.history.last }
    let losses = finals.compactMap { $0.validationLoss.map { Double($0.asScriptNumber) } }
    let accuracies = finals.compactMap { $0.validationAccuracy.map { Double($0.asScriptNumber) } }
    // And what `metrics:` followed, where every fold measured it.
    let followed = (runs.first?.followed.metrics ?? []).map { metric in
      (metric.runName, runs.compactMap { if case .number(let x)? = $0.member(metric.runName) { x } else { nil } })
    }
    var fields: [(String, Value)] = [("folds", .list(runs.map { .run($0) }))]
    var summary: [(metric: String, mean: Double, std: Double)] = []
    for (name, values) in [("val_loss", losses), ("val_acc", accuracies)] + followed where values.count == runs.count {
      let mean = TrialReport.mean(values)
      let std = TrialReport.standardDeviation(values)
      fields += [(name, .number(mean)), (name + "_std", .number(std))]
      summary.append((name, mean, std))
    }
    if !options.isQuiet { output(TrainingText.folds(runs.count, summary)) }
    return .record(Record(fields))
  }
}
