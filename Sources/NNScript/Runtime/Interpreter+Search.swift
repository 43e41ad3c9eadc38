import Foundation
import NNCore

/// `search`: reads its options as spaces, choices and fixed settings, then proposes trials
/// with its sampler and runs them on threads (or a cluster) until the budget is spent.
extension Interpreter {
  /// Options that configure the search itself, or say where and on what: never searched.
  private static let searchControls = CommandCatalog.options(of: .search, with: .searchControl)

  /// `train` options that take whole numbers.
  private static let countOptions = CommandCatalog.options(of: .train, with: .wholeNumber)

  func search(_ call: CommandCall, at range: SourceRange) throws -> Value {
    do {
      let plan = try searchPlan(call, at: range)
      if let request = searchHost.trial { return try runRequestedTrial(request, plan) }
      return try runSearch(plan)
    } catch let diagnostic as Diagnostic {
      throw diagnostic.located(in: self)
    }
  }

  // MARK: Reading the options

  private func searchPlan(_ call: CommandCall, at range: SourceRange) throws -> SearchPlan {
    let spec = CommandCatalog.spec(for: .search)!
    var given: [(name: String, label: SourceRange, value: Value, range: SourceRange)] = []
    for argument in call.arguments {
      guard let label = argument.label else { continue }
      let vocabulary = spec.option(label.text)?.vocabulary
      let value =
        Self.searchControls.contains(label.text)
        ? try evaluate(argument.value, words: vocabulary) : try searchValue(argument.value, words: vocabulary)
      given.append((label.text, label.range, value, argument.value.range))
    }
    // `with: R` adds R's fields; the options written beside it win.
    if let with = given.first(where: { $0.name == "with" }) {
      guard case .record(let record) = with.value else {
        throw Diagnostic(error: "with: expects a record of options, found \(with.value.typeName)", at: with.range)
      }
      let written = Set(given.map(\.name))
      for field in record.fields where !written.contains(field.key) {
        given.append((field.key, with.range, field.value, with.range))
      }
    }
    let options = Dictionary(given.map { ($0.name, (value: $0.value, range: $0.range)) }) { first, _ in first }
    let dataset = try self.dataset(options["on"], for: "search", at: range)
    var plan = SearchPlan(networkRange: range, dataset: dataset, seed: 0, range: range)
    try readControls(options, into: &plan)
    // BLAS threads for each trial (one each when several run at once).
    if let threads = options["threads"] { plan.fixedOptions["threads"] = threads }
    try readNetwork(options["net"], into: &plan)
    let builderParameters = plan.builder?.declaration.parameters.map(\.name.text) ?? []
    for item in given where item.name != "net" && !Self.searchControls.contains(item.name) {
      let target: SearchPlan.Target
      if CommandCatalog.options(of: .train, with: .keepsRunFiles).contains(item.name) {
        throw Diagnostic(error: "'\(item.name)' keeps one run's files, and a search's trials keep none", at: item.label)
          .expecting("it on the train that follows the search: train with: s.best \(item.name): …")
      } else if spec.option(item.name) != nil {
        target = .option
      } else if builderParameters.contains(item.name) {
        target = .parameter
      } else {
        let known = spec.options.map(\.name) + builderParameters
        let owner = plan.builder.map { " or a parameter of '\($0.name)'" } ?? ""
        throw Diagnostic(error: "'\(item.name)' is not an option of 'search'\(owner)", at: item.label)
          .suggesting(item.name, from: known)
      }
      if let setting = try setting(item.name, item.value, target: target, at: item.range) {
        plan.settings.append(setting)
      } else if target == .option {
        plan.fixedOptions[item.name] = (item.value, item.range)
      } else {
        plan.fixedArguments.append((item.name, item.value))
      }
    }
    if let builder = plan.builder {
      let named = Set(plan.settings.map(\.parameter.name) + plan.fixedArguments.map(\.name))
      if let missing = builder.declaration.parameters.first(where: {
        $0.defaultValue == nil && !named.contains($0.name.text)
      }) {
        throw Diagnostic(
          error: "'\(builder.name)' needs its \(missing.name.text): give it as an option", at: plan.networkRange
        )
        .expecting("\(missing.name.text): a value, a list or a space beside net:")
      }
    }
    guard !plan.settings.isEmpty else {
      throw Diagnostic(error: "'search' has nothing to search", at: range)
        .expecting("a space or a list of choices, such as lr: log(1e-4, 1e-1)")
    }
    try readBudget(options, into: &plan)
    return plan
  }

  /// A search option's value: a call of a space word (`log(1e-4, 1e-1)`) is that space even
  /// where a builtin has its name; a list's elements read as the option's own words.
  private func searchValue(_ expr: Expr, words vocabulary: Vocabulary?) throws -> Value {
    if case .call(let callee, _) = expr.kind, case .variable(let name) = callee.kind,
      Vocabularies.spaces.word(name) != nil
    {
      return try evaluate(expr, words: Vocabularies.spaces)
    }
    return try evaluate(expr, words: vocabulary)
  }

  /// The setting a value searches, or nil for a value that stays fixed.
  private func setting(_ name: String, _ value: Value, target: SearchPlan.Target, at range: SourceRange) throws
    -> SearchPlan.Setting?
  {
    switch value {
    case .list(let choices):
      guard !choices.isEmpty else {
        throw Diagnostic(error: "\(name): an empty list gives nothing to choose from", at: range)
      }
      return SearchPlan.Setting(
        parameter: SearchParameter(name: name, space: .choice(count: choices.count)), target: target,
        choices: choices, range: range)
    case .term(let term) where Vocabularies.spaces.word(term.name) != nil:
      let space = try Self.space(term, name, at: range)
      if target == .option, Self.countOptions.contains(name), term.name != "int" {
        throw Diagnostic(error: "\(name): takes whole numbers, and \(term.name) gives fractions", at: range)
          .expecting("int(low, high) or a list")
      }
      return SearchPlan.Setting(
        parameter: SearchParameter(name: name, space: space), target: target, choices: [], range: range)
    default:
      return nil
    }
  }

  /// `log(a, b)`, `range(a, b)` or `int(a, b)`, checked.
  static func space(_ term: Term, _ name: String, at range: SourceRange) throws -> SearchSpace {
    guard let low = term.number(0, "low"), let high = term.number(1, "high") else {
      throw Diagnostic(error: "\(name): \(term.name) needs two numbers, its low and high ends", at: range)
        .expecting("\(term.name)(low, high)")
    }
    guard low.isFinite, high.isFinite, low < high else {
      throw Diagnostic(
        error: "\(name): the low end must be below the high end, found \(Value.format(low)) and \(Value.format(high))",
        at: range)
    }
    switch term.name {
    case "log":
      guard low > 0 else {
        throw Diagnostic(error: "\(name): log needs a low end above 0, found \(Value.format(low))", at: range)
          .expecting("log(1e-4, 1e-1), or range(a, b) for a uniform space")
      }
      return .logUniform(low: low, high: high)
    case "int":
      guard low == low.rounded(), high == high.rounded(), abs(low) < 1e9, abs(high) < 1e9 else {
        throw Diagnostic(error: "\(name): int needs whole numbers, found \(term.description)", at: range)
      }
      return .integer(low: Int(low), high: Int(high))
    default:
      return .uniform(low: low, high: high)
    }
  }

  private func readNetwork(_ given: (value: Value, range: SourceRange)?, into plan: inout SearchPlan) throws {
    guard let (value, range) = given else {
      guard let network = currentNetwork else {
        throw Diagnostic(error: "there is no network to search with", at: plan.range)
          .expecting("net < … > before this line, or net: F for a function that builds one")
      }
      plan.network = network
      return
    }
    plan.networkRange = range
    switch value {
    case .network(let network):
      plan.network = network
      plan.networkGiven = true
    case .function(let closure): plan.builder = closure
    case .list(let choices) where choices.isEmpty:
      throw Diagnostic(error: "net: an empty list gives nothing to choose from", at: range)
    case .list(let choices) where choices.allSatisfy({ if case .network = $0 { true } else { false } }):
      plan.settings.append(
        SearchPlan.Setting(
          parameter: SearchParameter(name: "net", space: .choice(count: choices.count)), target: .option,
          choices: choices, range: range))
    default:
      throw Diagnostic(
        error: "net: expects a network, a list of networks or a function that builds one, found \(value.typeName)",
        at: range)
    }
  }

  private func readControls(_ options: [String: (value: Value, range: SourceRange)], into plan: inout SearchPlan)
    throws
  {
    let controls = TrainingOptions(values: options)
    plan.quiet = try controls.bool("quiet") ?? false
    if let prune = try controls.bool("prune") { plan.prune = prune }
    plan.jobs = try Self.count(options["jobs"], "jobs", in: 1...256)
    plan.folds = try Self.count(options["folds"], "folds", in: 2...1000)
    if let folds = plan.folds, let (_, range) = options["folds"], folds > plan.dataset.trainingRows.count {
      throw Diagnostic(
        error:
          "folds: \(folds) folds need at least \(folds) training rows, the data has \(plan.dataset.trainingRows.count)",
        at: range)
    }
    if let (value, range) = options["sampler"] {
      guard case .term(let term) = value, Vocabularies.samplers.word(term.name) != nil, term.arguments.isEmpty else {
        throw Diagnostic(error: "sampler: expects tpe, random or grid, found \(value.description)", at: range)
      }
      plan.sampler = term.name
    }
    if let (value, range) = options["cluster"] {
      guard case .string(let address) = value, !address.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw Diagnostic(error: "cluster: expects a Ray address, found \(value.description)", at: range)
          .expecting("\"ray://HOST:PORT\" (Ray Client), or \"HOST:PORT\" of a node of the cluster")
      }
      try checkStartingProcesses(at: range)
      plan.cluster = (address, range)
    }
    if let seed = try Self.count(options["seed"], "seed", in: 0...(1 << 53)) {
      plan.seed = UInt64(seed)
    } else {
      plan.seed = random.next() >> 11
    }
  }

  /// The number of trials, once the settings are known (a grid has a size of its own).
  private func readBudget(_ options: [String: (value: Value, range: SourceRange)], into plan: inout SearchPlan) throws {
    let given = try Self.count(options["trials"], "trials", in: 1...GridSampler.largest)
    guard plan.sampler == "grid" else {
      plan.trials = given ?? 20
      return
    }
    guard let size = GridSampler.size(try gridValues(plan)), size <= GridSampler.largest else {
      throw Diagnostic(
        error: "the grid has more than \(GridSampler.largest) points, too many to try", at: plan.range
      ).expecting("fewer or shorter lists, or sampler: tpe")
    }
    plan.trials = min(given ?? size, size)
  }

  /// Each setting's values on a grid: a list's choices, every whole number of an `int`.
  func gridValues(_ plan: SearchPlan) throws -> [[Double]] {
    try plan.settings.map { setting in
      switch setting.parameter.space {
      case .choice(let count): return (0..<count).map(Double.init)
      case .integer(let low, let high) where high - low < 1000: return (low...high).map(Double.init)
      case .integer:
        throw Diagnostic(
          error: "\(setting.parameter.name): the grid sampler takes an int space of at most 1,000 numbers",
          at: setting.range
        ).expecting("a narrower int(a, b), a list, or sampler: tpe")
      default:
        throw Diagnostic(
          error: "\(setting.parameter.name): the grid sampler needs choices, not a continuous space", at: setting.range
        ).expecting("a list such as [1e-4, 1e-3, 1e-2], or sampler: tpe")
      }
    }
  }

  /// A whole-number option within bounds, or nil when not given.
  private static func count(_ given: (value: Value, range: SourceRange)?, _ name: String, in bounds: ClosedRange<Int>)
    throws -> Int?
  {
    guard let (value, range) = given else { return nil }
    guard case .number(let n) = value, n == n.rounded(), n >= Double(bounds.lowerBound),
      n <= Double(bounds.upperBound)
    else {
      throw Diagnostic(
        error:
          "\(name): expects a whole number from \(bounds.lowerBound) to \(bounds.upperBound), found \(value.description)",
        at: range)
    }
    return Int(n)
  }

  // MARK: Trials

  /// The data each trial trains and validates on: the folds, or the training and validation
  /// parts (a stratified 20% held out once, for every trial alike, when there is none).
  private func trialData(_ plan: SearchPlan) throws -> [Dataset] {
    if let folds = plan.folds {
      let split = StratifiedFolds(plan.dataset, count: folds, seed: plan.seed)
      return (0..<folds).map { split.split(plan.dataset, fold: $0) }
    }
    var dataset = plan.dataset
    if dataset.split == nil || dataset.split!.validation.isEmpty {
      var rng = SeededGenerator(seed: plan.seed)
      dataset.split = nil
      dataset = try dataset.split(train: 0.8, using: &rng)
      if searchHost.trial == nil {
        let message = "the data has no validation part: holding out a stratified 20% (split(data, 0.8) chooses)"
        note(Diagnostic(severity: .note, message: message, at: plan.range))
      }
    }
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
      let built = try call(.function(builder), positional: [], named: named, argumentRanges: [], at: plan.networkRange)
      guard case .network(let value) = built else {
        throw Diagnostic(error: "'\(builder.name)' returned a \(built.typeName), not a network", at: plan.networkRange)
      }
      network = value
    }
    var config = try options.config(for: data[0], seed: seed)
    // Trials share the cores: one BLAS thread each unless a single trial runs at a time.
    if (plan.jobs ?? 1) > 1 { config.threads = 1 }
    let epochs = config.epochs
    let folds = try data.enumerated().map {
      k, dataset -> (trainer: Trainer, training: TrainingSet, validation: TrainingSet) in
      let compiled = try NetworkCompiler(network: network!, dataset: dataset).compile(
        seed: config.seed, budget: memoryBudget, rows: min(config.batchSize, dataset.count), optimizer: config.optimizer
      )
      let setup = DoctorSetup(
        network: compiled, dataset: dataset, config: config, source: network,
        optionRanges: options.values.mapValues(\.range))
      let before = DoctorReport.beforeTraining(setup)
      if let error = before.findings.first(where: { $0.severity == .error }) {
        throw error.diagnostic(at: plan.range)
      }
      if warn, k == 0 {
        for finding in before.findings where finding.severity == .warning { note(finding.diagnostic(at: plan.range)) }
      }
      let trainer: Trainer
      do {
        trainer = try Trainer(network: compiled, config: config)
      } catch let error as TrainingError {
        throw Diagnostic(error: error.phrased, at: plan.range)
      }
      let split = dataset.split!
      return (trainer, TrainingSet(dataset, rows: split.train), TrainingSet(dataset, rows: split.validation))
    }
    let json = JSONScalar.object(values.map { ($0.name, JSONScalar($0.value)) })
    return PreparedTrial(
      number: number, seed: seed, parametersJSON: json, local: LocalTrial(number: number, epochs: epochs, folds: folds))
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
      if case .list(let given) = globals.values["args"] { arguments = given.map(\.display) }
      executor = try RayCluster(
        plan: plan, address: cluster.address, host: searchHost, arguments: arguments, at: cluster.range)
    } else {
      executor = TrialPool(capacity: plan.jobs ?? 1, pruner: pruner)
    }
    defer { executor.close() }
    // A quiet search, like a quiet train, is not shown.
    let listener = plan.quiet ? nil : searchHost.onEvent
    var table = SearchTable(plan: plan)
    let clock = ContinuousClock()
    let start = clock.now
    listener?(.started(trials: plan.trials, jobs: executor.capacity, parameters: plan.parameters.map(\.name)))
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
      if !interrupted, cancellation.isCancelled {
        interrupted = true
        for row in table.rows where row.state == .running { executor.stop(row.number) }
      }
    }
    listener?(.finished)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if interrupted {
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
    let report = trial.local.run(cancellation: cancellation, pruner: nil) { message in
      if case .epoch(let number, let fold, let epoch) = message { request.epoch(epoch.json(trial: number, fold: fold)) }
    }
    let cancelled = cancellation.isCancelled
    request.ended(report.json(trial: request.number, cancelled: cancelled), report.state == .complete && !cancelled)
    var table = SearchTable(plan: plan)
    table.started(number: request.number, seed: seed, point: point, epochsPerFold: trial.local.epochs)
    table.ended(request.number, report)
    return table.value(seconds: report.seconds)
  }

  // MARK: train with: R

  /// `train with: R`: R's fields as options, the ones written beside `with:` winning. A
  /// function in `net:` is called with the fields that are its parameters, as `search` did.
  func expandingWith(_ options: TrainingOptions) throws -> TrainingOptions {
    guard let (value, range) = options.values["with"] else { return options }
    guard case .record(let record) = value else {
      throw Diagnostic(error: "with: expects a record of options, found \(value.typeName)", at: range).located(in: self)
    }
    var expanded = options
    expanded.values["with"] = nil
    let spec = CommandCatalog.spec(for: .train)!
    let net = options.values["net"]?.value ?? record["net"]
    var arguments: [(Name, Value)] = []
    let parameters: [String]
    if case .function(let builder) = net {
      parameters = builder.declaration.parameters.map(\.name.text)
    } else {
      parameters = []
    }
    for (key, field) in record.fields where options.values[key] == nil {
      if parameters.contains(key) {
        arguments.append((Name(text: key, range: range), field))
      } else if spec.option(key) != nil, key != "with" {
        expanded.values[key] = (field, range)
      } else {
        throw Diagnostic(error: "with: '\(key)' is not an option of 'train'", at: range)
          .suggesting(key, from: spec.options.map(\.name) + parameters).located(in: self)
      }
    }
    if case .function(let builder) = net {
      let built = try call(.function(builder), positional: [], named: arguments, argumentRanges: [], at: range)
      guard case .network = built else {
        throw Diagnostic(error: "'\(builder.name)' returned a \(built.typeName), not a network", at: range).located(
          in: self)
      }
      expanded.values["net"] = (built, expanded.values["net"]?.range ?? range)
    }
    return expanded
  }
}

extension TrialMessage {
  var trial: Int {
    switch self {
    case .epoch(let trial, _, _), .ended(let trial, _): trial
    }
  }
}
