import Foundation
import NNCore

/// `search`: reads its options as spaces, choices and fixed settings, then proposes trials
/// with its sampler and runs them on threads (or a cluster) until the budget is spent.
struct SearchCommand: Command {
  let interpreter: Interpreter

  func run(_ call: CommandCall, at range: SourceRange) throws -> Value {
    do {
      let plan = try searchPlan(call, at: range)
      if let request = workspace.searchHost.trial { return try runRequestedTrial(request, plan) }
      return try runSearch(plan)
    } catch let diagnostic as Diagnostic {
      throw diagnostic.located(in: interpreter)
    }
  }

  // MARK: Trials

  /// The data each trial trains and validates on: the folds, or the training and validation
  /// parts (a stratified 20% held out once, for every trial alike, when there is none).
  private func trialData(_ plan: SearchPlan) throws -> [Dataset] {
    if let folds = plan.folds {
      let split = StratifiedFolds(plan.dataset, count: folds, seed: plan.seed)
      return (0..<folds).map { split.split(plan.dataset, fold: $0) }
    }
    let (dataset, heldOut) = try plan.dataset.withValidationPart(seed: plan.seed)
    if heldOut, workspace.searchHost.trial == nil { note(.heldOutValidation(at: plan.range)) }
    return [dataset]
  }

  /// Trial `number` made ready on this thread: its network built (calling the script's
  /// function), compiled per fold, and checked by the doctor, whose errors stop the search.
  private func prepareTrial(
    _ plan: SearchPlan, number: Int, point: [Double], seed: UInt64, data: [Dataset], warn: Bool
  ) throws -> PreparedTrial {
    let values = plan.values(point)
    var options = TrainingOptions(values: plan.fixedOptions)
    var arguments = plan.fixedArguments
    var network = plan.network
    for (setting, (name, value)) in zip(plan.settings, values) {
      if name == "net", case .network(let chosen) = value {
        network = chosen
      } else if setting.target == .option {
        options.values[name] = (value, setting.range)
      } else {
        arguments.append((name, value))
      }
    }
    if let builder = plan.builder {
      let named = arguments.map { (Name(text: $0.name, range: plan.networkRange), $0.value) }
      let built = try interpreter.call(
        .function(builder), positional: [], named: named, argumentRanges: [], at: plan.networkRange)
      guard case .network(let value) = built else {
        throw Diagnostic(error: "'\(builder.name)' returned a \(built.typeName), not a network", at: plan.networkRange)
      }
      network = value
    }
    // Trials share the cores: one BLAS thread each unless a single trial runs at a time.
    if (plan.jobs ?? 1) > 1 { options.values["threads"] = (.number(1), plan.range) }
    let runs = try data.enumerated().map { k, dataset in
      do {
        let prepared = try workspace.trainingSession.prepare(
          Recipe(network: network!, dataset: dataset, options: options, seed: seed, range: plan.range))
        if warn, k == 0 {
          for finding in prepared.before.findings where finding.severity == .warning {
            note(finding.diagnostic(at: plan.range))
          }
        }
        return prepared
      } catch let refusal as DoctorRefusal {
        throw refusal.diagnostic
      }
    }
    let json = JSONScalar.object(values.map { ($0.name, JSONScalar($0.value)) })
    return PreparedTrial(
      number: number, seed: seed, parametersJSON: json,
      local: LocalTrial(number: number, epochs: runs[0].config.epochs, folds: runs))
  }

  // MARK: Running

  private func runSearch(_ plan: SearchPlan) throws -> Value {
    let data = try trialData(plan)
    var random = SeededGenerator(seed: plan.seed)
    var sampler: Sampler
    switch plan.sampler {
    case "random": sampler = RandomSampler(parameters: plan.parameters, random: random)
    case "grid": sampler = GridSampler(values: try gridValues(plan), random: &random)
    default: sampler = TPESampler(parameters: plan.parameters, random: random)
    }
    let pruner = plan.prune ? SuccessiveHalvingPruner() : nil
    let executor: TrialExecutor
    if let cluster = plan.cluster {
      var arguments: [String] = []
      if case .list(let given) = interpreter.globals.values["args"] { arguments = given.map(\.display) }
      executor = try RayCluster(
        plan: plan, address: cluster.address, host: workspace.searchHost, arguments: arguments, at: cluster.range)
    } else {
      executor = TrialPool(capacity: plan.jobs ?? 1, pruner: pruner)
    }
    defer { executor.close() }
    let listener = workspace.searchHost.onEvent
    var table = SearchTable(plan: plan)
    let clock = ContinuousClock()
    let start = clock.now
    listener?(
      .started(
        trials: plan.trials, jobs: executor.capacity, parameters: plan.parameters.map(\.name), quiet: plan.quiet))
    var interrupted = false
    var exhausted = false
    var stopping: Set<Int> = []
    while true {
      while !interrupted, !exhausted, table.running < executor.capacity, table.rows.count < plan.trials {
        guard let point = sampler.propose(after: table.observations) else {
          exhausted = true
          break
        }
        let number = table.rows.count + 1
        let seed = plan.seed(ofTrial: number)
        let trial = try prepareTrial(
          plan, number: number, point: point, seed: seed, data: data, warn: number == 1 && !plan.quiet)
        try executor.start(trial)
        table.started(number: number, seed: seed, point: point, epochsPerFold: trial.local.epochs)
        listener?(.trial(table.progress(number)))
      }
      if table.running == 0 { break }
      for message in executor.inbox.take(waiting: 0.1) where table.contains(message.trial) {
        switch message {
        case .epoch(let number, let fold, let epoch):
          table.epoch(number, epoch)
          if executor.prunesFromMessages, fold == 0, let pruner, let loss = epoch.validationLoss,
            epoch.epoch < table.row(number).epochsPerFold, !stopping.contains(number),
            pruner.shouldPrune(trial: number, epoch: epoch.epoch, loss: loss)
          {
            stopping.insert(number)
            executor.stop(number)
          }
        case .ended(let number, var report):
          if stopping.contains(number), report.state != .complete {
            // Stopped by the pruner: scored by the last loss it reported, as here.
            report.state = .pruned
            report.message = nil
            let row = table.row(number)
            report.validationLoss = row.latest?.validationLoss
            report.validationAccuracy = row.latest?.validationAccuracy
            report.epochs = max(report.epochs, row.epochsDone)
          }
          table.ended(number, report)
        }
        listener?(.trial(table.progress(message.trial)))
      }
      if !interrupted, workspace.cancellation.isCancelled {
        interrupted = true
        for row in table.rows where row.state == .running { executor.stop(row.number) }
      }
    }
    listener?(.finished)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if interrupted {
      workspace.interruptions.append((plan.range, nil))
      note(
        Diagnostic(
          severity: .warning, message: "the search was interrupted after \(table.finished) of \(plan.trials) trials",
          at: plan.range))
    }
    if !plan.quiet { output(table.rendered()) }
    return table.value(seconds: seconds)
  }

  /// `nnscript trial`: the trial the request names, trained here, its epochs and its end
  /// told as JSON lines.
  private func runRequestedTrial(_ request: TrialRequest, _ plan: SearchPlan) throws -> Value {
    var plan = plan
    if let searchSeed = request.searchSeed { plan.seed = searchSeed }
    let point = try TrialParameters(plan: plan).point(request.parameters, at: plan.range)
    let data = try trialData(plan)
    let seed = request.seed ?? plan.seed(ofTrial: request.number)
    let trial = try prepareTrial(plan, number: request.number, point: point, seed: seed, data: data, warn: false)
    let report = trial.local.run(cancellation: workspace.cancellation, pruner: nil) { message in
      if case .epoch(let number, let fold, let epoch) = message { request.epoch(epoch.json(trial: number, fold: fold)) }
    }
    let cancelled = workspace.cancellation.isCancelled
    request.ended(report.json(trial: request.number, cancelled: cancelled), report.state == .complete && !cancelled)
    var table = SearchTable(plan: plan)
    table.started(number: request.number, seed: seed, point: point, epochsPerFold: trial.local.epochs)
    table.ended(request.number, report)
    return table.value(seconds: report.seconds)
  }
}

extension TrialMessage {
  var trial: Int {
    switch self {
    case .epoch(let trial, _, _), .ended(let trial, _): trial
    }
  }
}
