import NNCore

/// The one way a recipe is trained. `prepare` compiles the network (or takes the weights the
/// run starts from), holds out a validation part when the data has none, and lets the
/// doctor check the setup, whose errors refuse the run; `train` then runs it with its
/// observers and has the doctor examine the run. `train`, `resume`, `fix`, folds and a
/// search's trials all go through here.
struct TrainingSession {
  /// The bytes a network and its batches may take.
  let budget: MemoryBudget
  /// Stops the run after its current batch.
  let cancellation: CancellationFlag
  /// Hears the run as it goes; nil for a retraining nobody watches.
  var events: ((TrainingEvent) -> Void)?
  /// Told of a prepared run before its first step: the held-out part and the doctor's
  /// warnings are said there, before the run's own output.
  var onPrepared: ((PreparedRun) -> Void)?
  /// The observers a run's options ask for (a checkpoint, a log), given the epoch a resumed
  /// run goes on after.
  var observers: (PreparedRun, _ resumedAfter: Int?) throws -> [RunObserver] = { _, _ in [] }

  init(budget: MemoryBudget, cancellation: CancellationFlag) {
    self.budget = budget
    self.cancellation = cancellation
  }

  /// `recipe` ready to train from `start`. Throws a `DoctorRefusal` for a setup the doctor
  /// finds an error in, a network that does not fit its data among them.
  func prepare(_ recipe: Recipe, from start: TrainingStart = .fresh) throws -> PreparedRun {
    let settings = try recipe.options.settings(for: recipe.dataset, seed: recipe.seed)
    var config = settings.config
    let model: Model
    if let continuing = start.model {
      model = continuing
    } else {
      // A network that cannot be built for the data is refused as a setup error, so that
      // `doctor` and `fix` can take it up; the compiler would only say why.
      let unfit = try FitChecks(network: recipe.network, dataset: recipe.dataset).findings()
      if let error = unfit.first {
        throw DoctorRefusal(report: DoctorReport(unfit), diagnostic: error.diagnostic(at: recipe.range))
      }
      let core = try NetworkCompiler(network: recipe.network, dataset: recipe.dataset).compile(
        seed: config.seed, budget: budget, rows: min(config.batchSize, recipe.dataset.count),
        optimizer: config.optimizer)
      model = Model(description: recipe.network, network: core, dataset: recipe.dataset)
    }
    let (dataset, heldOut) = try Diagnostic.pointingCoreErrors(at: recipe.range, in: nil) {
      try recipe.dataset.withValidationPart(seed: config.seed)
    }
    // A NaN in a sample is a NaN loss the doctor would blame on the learning rate.
    if let (row, column) = dataset.preparation.firstMissing(in: dataset.features) {
      throw Diagnostic(
        error: "sample \(row + 1) of '\(dataset.name)' has no value in column '\(column)'", at: recipe.range
      )
      .note("missing: \"mean\", \"median\" or \"drop\" when loading fills or drops missing values")
    }
    let setup = DoctorSetup(
      network: model.network, dataset: dataset, config: config, source: recipe.network,
      optionRanges: recipe.options.values.mapValues(\.range))
    let before = DoctorReport.beforeTraining(setup)
    if let error = before.findings.first(where: { $0.severity == .error }) {
      throw DoctorRefusal(report: before, diagnostic: error.diagnostic(at: recipe.range))
    }
    model.trains(on: dataset)
    if let shuffleSeed = recipe.shuffleSeed { config.seed = shuffleSeed }
    let trainer = try Diagnostic.pointingCoreErrors(at: recipe.range, in: recipe.network) {
      try Trainer(network: model.network, config: config)
    }
    if let previous = model.trainer, previous.config.optimizer == config.optimizer {
      // A second `train` goes on from the first: same weights, same optimiser state.
      try? trainer.restore(previous.snapshot())
    }
    return PreparedRun(
      recipe: recipe, config: config, metrics: settings.metrics, model: model, dataset: dataset, heldOut: heldOut,
      start: start, setup: setup,
      before: before, trainer: trainer)
  }

  /// Trains `recipe` from `start`. A checkpoint that does not fit the network throws its
  /// FileFailure; an observer that fails (a full disk) stops the run after that epoch and
  /// its error is thrown then.
  func train(_ recipe: Recipe, from start: TrainingStart = .fresh) throws -> TrainingOutcome {
    let prepared = try prepare(recipe, from: start)
    onPrepared?(prepared)
    let (config, trainer) = (prepared.config, prepared.trainer)
    let resumed = try start.checkpoint?.checkpoint(for: prepared.model.network)
    if let resumed, let problem = resumed.problem(for: trainer, rows: prepared.dataset.split!.train.count) {
      throw FileFailure(problem)
    }
    let observers = try observers(prepared, resumed?.epoch)
    events?(.started(epochs: config.epochs, quiet: recipe.options.isQuiet))
    if let events {
      trainer.onStep = { step, loss in events(.step(step, loss: Double(loss))) }
      for finding in prepared.before.findings { events(.finding(finding)) }
    }
    let clock = ContinuousClock()
    let begun = clock.now
    var observerError: Error?
    var followed = ValidationMetricHistory(metrics: prepared.metrics)
    let run = try Diagnostic.pointingCoreErrors(at: recipe.range, in: recipe.network) {
      try trainer.train(
        on: prepared.training, validation: prepared.validation, cancellation: cancellation, from: resumed,
        onEpoch: { record in
          // Once an epoch, on the validation part only: a forward pass over it.
          let values = followed.measure(record, prepared)
          var progress = EpochProgress(record, of: config.epochs, since: begun, clock: clock)
          progress.validationMetrics = values
          events?(.epoch(progress))
          guard observerError == nil else { return }
          do {
            for observer in observers { try observer.epochEnded(record, trainer: trainer) }
          } catch {
            observerError = error
            cancellation.cancel()
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
      events?(.finished(stopped: nil))
    } else {
      events?(.finished(stopped: run.stopReason.description))
    }
    prepared.model.trainer = trainer
    let report = DoctorReport.examine(prepared.setup, run: run, freshStart: start.isFresh, before: prepared.before)
    let outcome = TrainingOutcome(
      run: RunValue(run: run, followed: followed), report: report, model: prepared.model, dataset: prepared.dataset,
      before: prepared.before)
    for finding in outcome.newFindings { events?(.finding(finding)) }
    return outcome
  }
}
