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
    let network = try network(for: options, at: range)
    currentNetwork = network
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: random.next() >> 1, range: range)
    let start = model.flatMap { $0.fits(network, dataset) ? TrainingStart.continuing($0) : nil } ?? .fresh
    let run = try trainInSession(recipe, from: start)
    if case .cancelled = run.run.stopReason { interruptions.append((range, run.run.telemetry.stepLosses.count)) }
    return .run(run)
  }

  /// The network a training of `options` trains: `net:`, else the current one.
  func network(for options: TrainingOptions, at range: SourceRange) throws -> NetworkValue {
    if let (value, valueRange) = options.values["net"] {
      guard case .network(let network) = value else {
        throw Diagnostic(error: "net: expects a network, found \(value.typeName)", at: valueRange)
      }
      return network
    }
    guard let network = currentNetwork else {
      throw Diagnostic(error: "there is no network to train", at: range).expecting(
        "net < … > before this line, or net: M")
    }
    return network
  }

  /// The training session of the interpreter's commands: the host's memory limit and its
  /// Ctrl-C. It tells nobody of its events unless given a listener.
  var trainingSession: TrainingSession { TrainingSession(budget: memoryBudget, cancellation: cancellation) }

  /// Trains `recipe` as `train` and `resume` do, and makes the outcome the session's: its
  /// network, model, report and run. The host hears its events; unless the run is quiet,
  /// the held-out part (for a `train`), the doctor's warnings, the summary line and the
  /// run's findings are said. A run the doctor refused leaves its report, so that `doctor`
  /// and `fix` can take it up.
  func trainInSession(_ recipe: Recipe, from start: TrainingStart) throws -> RunValue {
    let quiet = recipe.options.isQuiet
    var session = trainingSession
    session.events = onTraining
    session.onPrepared = { prepared in
      if prepared.heldOut, start.checkpoint == nil { self.note(.heldOutValidation(at: recipe.range)) }
      guard !quiet else { return }
      for finding in prepared.before.findings where finding.severity == .warning {
        self.note(finding.diagnostic(at: recipe.range))
      }
    }
    session.observers = { prepared, resumedAfter in try self.observers(for: prepared, resumedAfter: resumedAfter) }
    let outcome: TrainingOutcome
    do {
      outcome = try session.train(recipe, from: start)
    } catch let refusal as DoctorRefusal {
      lastReport = refusal.report
      lastRecipe = recipe
      refusedRun = (recipe, refusal.report)
      throw refusal.diagnostic
    }
    if !quiet {
      output(Self.trainingLine(outcome.run.run))
      for finding in outcome.newFindings where finding.severity != .info { note(finding.diagnostic(at: recipe.range)) }
    }
    currentNetwork = recipe.network
    model = outcome.model
    lastReport = outcome.report
    lastRecipe = recipe
    runs.append(SessionRun(recipe, outcome.run.run))
    return outcome.run
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
    let evaluation = try Diagnostic.pointingCoreErrors(at: range, in: model.description) {
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

extension TrainingOptions {
  var isQuiet: Bool {
    values["quiet"].map { if case .bool(true) = $0.value { return true } else { return false } } ?? false
  }
}
