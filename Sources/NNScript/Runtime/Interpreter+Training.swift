import NNCore

/// `train`, `eval`, `summary` and `reset`: the session's network meets its data.
extension Interpreter {
  /// The dataset a command works on: `on:`, else the variable `data`.
  func dataset(_ given: (value: Value, range: SourceRange)?, for command: String, at range: SourceRange) throws
    -> Dataset
  {
    if let (value, valueRange) = given {
      guard case .dataset(let d) = value else {
        throw Diagnostic(error: "on: expects a dataset, found \(value.typeName)", at: valueRange)
      }
      return d
    }
    guard let value = environment.lookup("data") else {
      throw Diagnostic(error: "'\(command)' needs data: assign a dataset to `data`, or give on: D", at: range)
        .expecting("data = load(\"iris\") before this line")
    }
    guard case .dataset(let d) = value else {
      throw Diagnostic(
        error: "'\(command)' trains on `data`, which holds a \(value.typeName), not a dataset", at: range)
    }
    return d
  }

  func train(_ options: TrainingOptions, at range: SourceRange) throws -> Value {
    // `with: R` and `folds: K`: Interpreter+Search.swift and Interpreter+Folds.swift.
    if options.values["with"] != nil { return try train(try expandingWith(options), at: range) }
    if options.values["folds"] != nil { return try crossValidate(options, at: range) }
    let dataset = try dataset(options.values["on"], for: "train", at: range)
    if let (value, valueRange) = options.values["net"] {
      guard case .network(let network) = value else {
        throw Diagnostic(error: "net: expects a network, found \(value.typeName)", at: valueRange)
      }
      currentNetwork = network
    }
    guard let network = currentNetwork else {
      throw Diagnostic(error: "there is no network to train", at: range).expecting(
        "net < … > before this line, or net: M")
    }
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: random.next() >> 1, range: range)
    let continuing = model.flatMap { $0.fits(network, dataset) ? $0 : nil }
    let run = try trainInSession(recipe, continuing: continuing)
    if case .cancelled = run.run.stopReason { interruptions.append((range, run.run.telemetry.stepLosses.count)) }
    return .run(run)
  }

  /// Trains `recipe` as `train` and `resume` do, and makes the outcome the session's: its
  /// network, model, report and run. A run the doctor refused leaves its report, so that
  /// `doctor` and `fix` can take it up.
  func trainInSession(_ recipe: Recipe, continuing: Model?, from checkpoint: CheckpointFile? = nil) throws
    -> RunValue
  {
    let outcome: TrainingOutcome
    do {
      outcome = try perform(
        recipe, continuing: continuing, from: checkpoint, quiet: recipe.options.isQuiet, announce: checkpoint == nil)
    } catch let refusal as DoctorRefusal {
      lastReport = refusal.report
      lastRecipe = recipe
      refusedRun = (recipe, refusal.report)
      throw refusal.diagnostic
    }
    currentNetwork = recipe.network
    model = outcome.model
    lastReport = outcome.report
    lastRecipe = recipe
    runs.append(SessionRun(recipe, outcome.run.run))
    return outcome.run
  }

  /// Trains `recipe`'s network, from `continuing`'s weights, from `checkpoint`'s run, or from
  /// fresh ones, with the doctor watching: its static errors stop the run, its warnings are
  /// said unless `quiet`. `announce` says when a validation part is held out; `fix`'s
  /// retraining and `resume` do not repeat it. A checkpoint that does not fit the network
  /// throws its FileFailure.
  func perform(
    _ recipe: Recipe, continuing: Model?, from checkpoint: CheckpointFile? = nil, quiet: Bool, announce: Bool = true
  ) throws -> TrainingOutcome {
    let range = recipe.range
    var dataset = recipe.dataset
    let config = try recipe.options.config(for: dataset, seed: recipe.seed)
    let model: Model
    if let continuing {
      model = continuing
    } else {
      let core = try NetworkCompiler(network: recipe.network, dataset: dataset).compile(
        seed: config.seed, budget: memoryBudget, rows: min(config.batchSize, dataset.count), optimizer: config.optimizer
      )
      model = Model(description: recipe.network, network: core, dataset: dataset)
    }
    var heldOut = false
    if dataset.split == nil || dataset.split!.validation.isEmpty {
      // Without a validation part, hold one out so the run can be judged on unseen data.
      var rng = SeededGenerator(seed: config.seed)
      dataset.split = nil
      dataset = try dataset.split(train: 0.8, using: &rng)
      heldOut = true
    }
    model.trains(on: dataset)
    // The doctor's static findings come before any step: errors stop, warnings are said once.
    let setup = DoctorSetup(
      network: model.network, dataset: dataset, config: config, source: recipe.network,
      optionRanges: recipe.options.values.mapValues(\.range))
    let before = DoctorReport.beforeTraining(setup)
    if let error = before.findings.first(where: { $0.severity == .error }) {
      throw DoctorRefusal(report: before, diagnostic: error.diagnostic(at: range))
    }
    if heldOut, announce {
      let message = "the data has no validation part: holding out a stratified 20% (split(data, 0.8) chooses)"
      note(Diagnostic(severity: .note, message: message, at: range))
    }
    if !quiet {
      for finding in before.findings where finding.severity == .warning { note(finding.diagnostic(at: range)) }
    }
    let resumed = try checkpoint?.checkpoint(for: model.network)
    let trainer = try trainingError(at: range) { try Trainer(network: model.network, config: config) }
    if let previous = model.trainer, previous.config.optimizer == config.optimizer {
      // A second `train` goes on from the first: same weights, same optimiser state.
      try? trainer.restore(previous.snapshot())
    }
    let split = dataset.split!
    if let resumed, let problem = resumed.problem(for: trainer, rows: split.train.count) {
      throw FileFailure(problem)
    }
    let watcher = quiet ? nil : onTraining
    let observers = try observers(for: recipe, config: config, resumedAfter: resumed?.epoch)
    watcher?(.started(epochs: config.epochs))
    if let watcher {
      trainer.onStep = { step, loss in watcher(.step(step, loss: Double(loss))) }
      for finding in before.findings { watcher(.finding(finding)) }
    }
    let clock = ContinuousClock()
    let start = clock.now
    // An observer that fails (a full disk) stops the run after that epoch; its error is raised then.
    var observerError: Error?
    let run = try trainingError(at: range) {
      try trainer.train(
        on: TrainingSet(dataset, rows: split.train), validation: TrainingSet(dataset, rows: split.validation),
        cancellation: cancellation, from: resumed,
        onEpoch: { record in
          watcher?(.epoch(EpochProgress(record, of: config.epochs, since: start, clock: clock)))
          guard observerError == nil else { return }
          do {
            for observer in observers { try observer.epochEnded(record, trainer: trainer) }
          } catch {
            observerError = error
            self.cancellation.cancel()
          }
        })
    }
    if observerError == nil {
      do {
        for observer in observers { try observer.runEnded(run, trainer: trainer) }
      } catch {
        observerError = error
      }
    }
    if let observerError { throw observerError }
    if case .completed = run.stopReason {
      watcher?(.finished(stopped: nil))
    } else {
      watcher?(.finished(stopped: run.stopReason.description))
    }
    model.trainer = trainer
    let fresh = checkpoint?.state.run.fresh ?? (continuing == nil)
    let report = DoctorReport.examine(setup, run: run, freshStart: fresh, before: before)
    let said = Set(before.codes)
    for finding in report.findings where !said.contains(finding.code.rawValue) { watcher?(.finding(finding)) }
    if !quiet {
      output(Self.trainingLine(run))
      for finding in report.findings where finding.severity != .info && !said.contains(finding.code.rawValue) {
        note(finding.diagnostic(at: range))
      }
    }
    return TrainingOutcome(run: RunValue(run: run), report: report, model: model, dataset: dataset)
  }

  /// `trained 30 epochs in 1.2 s: loss 0.0123, acc 0.998, val_loss 0.0812, val_acc 0.972`
  static func trainingLine(_ run: TrainingRun) -> String {
    var parts: [String] = []
    if let last = run.final ?? run.history.last {
      parts.append("loss \(format(last.loss))")
      if let acc = last.accuracy { parts.append("acc \(format(acc))") }
      if let loss = last.validationLoss { parts.append("val_loss \(format(loss))") }
      if let acc = last.validationAccuracy { parts.append("val_acc \(format(acc))") }
    }
    var line =
      "trained \(run.history.count) epoch\(run.history.count == 1 ? "" : "s") in \(String(format: "%.2f", run.seconds)) s"
    if case .completed = run.stopReason {} else { line += " (\(run.stopReason))" }
    return line + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "\n"
  }

  private static func format(_ x: Float) -> String { String(format: "%.4g", Double(x)) }

  private func trainingError<T>(at range: SourceRange, _ work: () throws -> T) throws -> T {
    do {
      return try work()
    } catch let error as TrainingError {
      throw Diagnostic(error: error.phrased, at: range)
    } catch let error as NetworkError {
      throw Diagnostic(
        error: error.message, at: error.layer.flatMap { i in model.map { $0.description.layers[i].range } } ?? range)
    }
  }

  /// The trained model, or a diagnostic saying there is none yet.
  func trainedModel(for command: String, at range: SourceRange) throws -> Model {
    guard let model else {
      throw Diagnostic(error: "'\(command)' needs a trained network: train first", at: range)
    }
    return model
  }

  func evaluateModel(on given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    let model = try trainedModel(for: "eval", at: range)
    let dataset = try dataset(given, for: "eval", at: range)
    // The part held back longest: test, else validation, else everything.
    let rows: [Int]
    if let split = dataset.split, given == nil {
      rows = !split.test.isEmpty ? split.test : !split.validation.isEmpty ? split.validation : split.train
    } else {
      rows = Array(0..<dataset.count)
    }
    guard dataset.features.columns == model.inputWidth, dataset.targets.classNames == model.classNames else {
      throw Diagnostic(error: "the network was trained on data of another shape", at: given?.range ?? range)
    }
    let evaluation = try trainingError(at: range) {
      try model.network.evaluate(TrainingSet(dataset, rows: rows), loss: model.trainer?.loss)
    }
    var fields: [(String, Value)] = [("loss", .number(evaluation.loss.asScriptNumber))]
    if let acc = evaluation.accuracy { fields.append(("acc", .number(acc.asScriptNumber))) }
    fields.append(("samples", .number(Double(rows.count))))
    return .record(Record(fields))
  }

  func printSummary(at range: SourceRange) throws {
    let summary: [LayerSummary]
    let footer: String
    if let model, currentNetwork.map({ $0.description == model.description.description }) ?? true {
      (summary, footer) = (model.network.summary, model.network.summaryFooter)
    } else {
      guard let description = currentNetwork else {
        throw Diagnostic(error: "there is no network to summarise", at: range).expecting("net < … > before this line")
      }
      // The network is described, not built: a summary allocates no weights.
      let outline = try NetworkCompiler(network: description, dataset: try dataset(nil, for: "summary", at: range))
        .outline()
      summary = outline.layers
      footer = Network.summaryFooter(
        inputShape: outline.input,
        parameterCount: outline.layers.map(\.parameterCount).reduce(0) {
          let (sum, overflow) = $0.addingReportingOverflow($1)
          return overflow ? .max : sum
        })
    }
    // Each layer's output shape (8×8×16, or a width); the columns widen for long layers and shapes.
    let rows = summary.map { ($0.layer, $0.outputShape.description, $0.parameterCount) }
    let longest = rows.map(\.0.count).max() ?? 0
    let (nameWidth, shapeWidth) = (longest > 24 ? longest + 2 : 24, max(8, (rows.map(\.1.count).max() ?? 0) + 2))
    var out = "layer".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "output".leftPadded(shapeWidth)
    out += "parameters".leftPadded(14) + "\n"
    for (name, shape, parameters) in rows {
      out += name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      out += shape.leftPadded(shapeWidth) + " " + Network.shown(parameters).leftPadded(13) + "\n"
    }
    out += footer + "\n"
    output(out)
  }

  /// `doctor`: prints the report of the last run and returns it.
  func diagnose(at range: SourceRange) throws -> Value {
    guard let lastReport else {
      throw Diagnostic(error: "there is no run to diagnose: train first", at: range)
    }
    let text = lastReport.rendered(width: 80)
    output(text.hasSuffix("\n") ? text : text + "\n")
    return lastReport.value
  }

  func resetModel(at range: SourceRange) throws {
    let model = try trainedModel(for: "reset", at: range)
    model.network.initialize(seed: random.next() >> 1)
    model.trainer = nil
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// Everything one `train` used, so that `fix` can train it again with one thing changed.
struct Recipe {
  var network: NetworkValue
  var dataset: Dataset
  var options: TrainingOptions
  let seed: UInt64
  /// The `train` command's word, where messages about the run point.
  let range: SourceRange
}

/// A run the doctor refused before its first step, for an error in its setup.
struct DoctorRefusal: Error {
  let report: DoctorReport
  let diagnostic: Diagnostic
}

/// A finished training: the run, the doctor's report of it, and the trained model.
struct TrainingOutcome {
  let run: RunValue
  let report: DoctorReport
  let model: Model
  /// The data as trained on, with the validation part the run was judged on.
  let dataset: Dataset
}

extension TrainingOptions {
  var isQuiet: Bool {
    values["quiet"].map { if case .bool(true) = $0.value { return true } else { return false } } ?? false
  }
}
