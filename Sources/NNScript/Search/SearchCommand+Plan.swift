import NNCore

/// `search` reads its options as spaces, choices and fixed settings, and checks them against
/// the network or the function that builds it, before any trial runs.
extension SearchCommand {
  /// Options that configure the search itself, or say where and on what: never searched.
  fileprivate static let searchControls = CommandCatalog.options(of: .search, with: .searchControl)

  /// `train` options that take whole numbers.
  fileprivate static let countOptions = CommandCatalog.options(of: .train, with: .wholeNumber)

  func searchPlan(_ call: CommandCall, at range: SourceRange) throws -> SearchPlan {
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
      guard let network = workspace.currentNetwork else {
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
      try interpreter.checkStartingProcesses(at: range)
      plan.cluster = (address, range)
    }
    if let seed = try Self.count(options["seed"], "seed", in: 0...(1 << 53)) {
      plan.seed = UInt64(seed)
    } else {
      plan.seed = interpreter.random.next() >> 11
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
}
