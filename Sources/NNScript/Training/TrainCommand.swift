import NNCore

/// `train`: the session's network meets its data. The run is the workspace's afterwards:
/// its network, model, report and place among the session's runs.
struct TrainCommand: Command {
  let interpreter: Interpreter

  func train(_ options: TrainingOptions, at range: SourceRange) throws -> Value {
    // `with: R` and `folds: K`: TrainCommand+With.swift and CrossValidation.swift.
    if options.values["with"] != nil { return try train(try expandingWith(options), at: range) }
    if options.values["folds"] != nil { return try CrossValidation(interpreter: interpreter).run(options, at: range) }
    let dataset = try dataset(options.values["on"], for: "train", at: range)
    let network = try network(for: options, at: range)
    workspace.currentNetwork = network
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: drawSeed(), range: range)
    let start = workspace.model.flatMap { $0.fits(network, dataset) ? TrainingStart.continuing($0) : nil } ?? .fresh
    let run = try trainInSession(recipe, from: start)
    if case .cancelled = run.run.stopReason {
      workspace.interruptions.append((range, run.run.telemetry.stepLosses.count))
    }
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
    guard let network = workspace.currentNetwork else {
      throw Diagnostic(error: "there is no network to train", at: range).expecting(
        "net < … > before this line, or net: M")
    }
    return network
  }

  /// Trains `recipe` as `train` and `resume` do, and makes the outcome the session's: its
  /// network, model, report and run. The host hears its events; unless the run is quiet,
  /// the held-out part (for a `train`), the doctor's warnings, the summary line and the
  /// run's findings are said. A run the doctor refused leaves its report, so that `doctor`
  /// and `fix` can take it up.
  func trainInSession(_ recipe: Recipe, from start: TrainingStart) throws -> RunValue {
    let quiet = recipe.options.isQuiet
    var session = workspace.trainingSession
    session.events = workspace.onTraining
    let application = FixApplication(interpreter: interpreter)
    let offered = OfferedFixes()
    session.onPrepared = { prepared in
      if prepared.heldOut, start.checkpoint == nil { self.note(.heldOutValidation(at: recipe.range)) }
      guard !quiet else { return }
      for finding in application.vetted(prepared.before, for: recipe, known: offered).findings
      where finding.severity == .warning {
        self.note(finding.diagnostic(at: recipe.range))
      }
    }
    session.observers = { prepared, resumedAfter in try self.observers(for: prepared, resumedAfter: resumedAfter) }
    let earlier = start.model?.lineage ?? []
    let outcome: TrainingOutcome
    do {
      outcome = try session.train(recipe, from: start)
    } catch let refusal as DoctorRefusal {
      // Every fix offered is checked to apply: a refusal's own fixes too.
      let report = application.vetted(refusal.report, for: recipe, known: offered)
      workspace.lastReport = report
      workspace.lastRecipe = recipe
      workspace.lastRun = nil
      workspace.refusedRun = (recipe, report)
      throw report.findings.first { $0.severity == .error }?.diagnostic(at: recipe.range) ?? refusal.diagnostic
    }
    let report = application.vetted(outcome.report, for: recipe, known: offered)
    if !quiet {
      output(TrainingText.summary(outcome.run.run))
      for finding in report.findings(newSince: outcome.before) where finding.severity != .info {
        note(finding.diagnostic(at: recipe.range))
      }
    }
    workspace.currentNetwork = recipe.network
    outcome.model.lineage = earlier + [recipe]
    workspace.model = outcome.model
    workspace.lastReport = report
    workspace.lastRecipe = recipe
    workspace.lastRun = outcome.run.run
    workspace.runs.append(SessionRun(recipe, outcome.run.run))
    return outcome.run
  }

  /// The observers `train`'s options ask for; `resumedAfter` is the epoch of the checkpoint
  /// a resumed run goes on from.
  func observers(for run: PreparedRun, resumedAfter: Int?) throws -> [RunObserver] {
    [try logObserver(for: run.recipe, resumedAfter: resumedAfter), try checkpointObserver(for: run)].compactMap { $0 }
  }
}
