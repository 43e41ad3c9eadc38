import NNCore

/// `fix`: tries the doctor's fixes one at a time on the last run's recipe, retraining with the
/// same seed and epochs, keeps a change only when the validation metric improves, and shows
/// the result as a table and as script lines to paste.
struct FixCommand: Command {
  let interpreter: Interpreter

  func run(budget given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    guard let original = workspace.lastRecipe else {
      throw Diagnostic(error: "there is no run to fix: train first", at: range)
    }
    var budget = 3
    if let (value, valueRange) = given {
      guard case .number(let n) = value, n >= 1, n == n.rounded(), n <= 100 else {
        throw Diagnostic(error: "budget: expects a whole number from 1 to 100", at: valueRange)
      }
      budget = Int(n)
    }
    var recipe = original
    let judge = FixJudge(original.dataset)
    // The baseline trains from fresh weights too, so every comparison is like for like. A
    // baseline the doctor refuses scores below anything that trains.
    let baseline = try attempt(recipe, judgedBy: judge)
    try interpreter.checkInterrupt(at: range)
    var best = baseline
    var tried: Set<String> = []
    var rows: [FixReport.Row] = []
    var kept: [Fix] = []
    for _ in 0..<budget {
      guard let fix = nextFix(best.report, skipping: tried) else { break }
      tried.insert(fix.text)
      let candidate = (try? change(for: fix, in: recipe)).map(recipe.with)
      let result = candidate.flatMap { try? attempt($0, judgedBy: judge) }
      // Ctrl-C stopped this retraining: a run cut short would be judged as if it had ended.
      try interpreter.checkInterrupt(at: range)
      guard let candidate, let result, result.trained else {
        rows.append((fix.text, best.metric, nil, false))
        continue
      }
      let improved = result.score(judge: judge) > best.score(judge: judge)
      rows.append((fix.text, best.metric, result.metric, improved))
      if improved {
        recipe = candidate
        best = result
        kept.append(fix)
      }
    }
    output(
      FixReport(rows: rows, judge: judge, baseline: baseline, best: best, kept: kept, from: original, to: recipe)
        .rendered)
    if let outcome = best.outcome { workspace.model = outcome.model }
    workspace.lastReport = best.report
    workspace.lastRecipe = recipe
    workspace.currentNetwork = recipe.network
    if recipe.options.values["on"] == nil, kept.contains(where: \.isDataChange) {
      interpreter.environment.assign("data", .dataset(recipe.dataset))
    }
    return .record(
      Record([
        ("before", baseline.metric.map(Value.number) ?? .none), ("after", best.metric.map(Value.number) ?? .none),
        ("metric", .string(judge.name)), ("fixes", .list(kept.map { .string($0.text) })),
        ("codes", .list(best.report.codes.map { .string($0) })),
      ]))
  }

  /// One training of a recipe for `fix`: its outcome, or the doctor's refusal to run it.
  private func attempt(_ recipe: Recipe, judgedBy judge: FixJudge) throws -> FixAttempt {
    do {
      // A retrial writes no log or checkpoint: those folders keep the user's own run.
      let outcome = try workspace.trainingSession.train(recipe.withoutRunFiles)
      return FixAttempt(outcome: outcome, report: outcome.report, judge: judge)
    } catch let refusal as DoctorRefusal {
      return FixAttempt(outcome: nil, report: refusal.report, judge: judge)
    }
  }

  /// The first fix not yet tried, of the most severe finding that has one.
  private func nextFix(_ report: DoctorReport, skipping tried: Set<String>) -> Fix? {
    for finding in report.findings where finding.severity != .info {
      if let fix = finding.fixes.first(where: { $0.isApplicable && !tried.contains($0.text) }) { return fix }
    }
    return nil
  }

  /// The change to `recipe` a fix makes. A fix is an nnscript line, so applying it means
  /// evaluating it: `data = standardize(data)`, an option such as `lr: 0.001`, or a layer.
  private func change(for fix: Fix, in recipe: Recipe) throws -> RecipeChange {
    let file = SourceFile(name: "fix", text: fix.text)
    if fix.isDataChange {
      let program = Parser.parse(file)
      guard program.diagnostics.isEmpty, case .assign(_, _, let value) = program.statements.first?.kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      let saved = interpreter.environment
      interpreter.environment = Environment(parent: interpreter.globals, values: ["data": .dataset(recipe.dataset)])
      defer { interpreter.environment = saved }
      guard case .dataset(let data) = try evaluate(value) else {
        throw Diagnostic(error: "not a dataset", at: recipe.range)
      }
      return .data(data.dataset)
    } else if let edit = fix.edit,
      let covered = Self.layersCovered(by: edit, in: recipe.network)
    {
      guard case .network(let replacement) = try evaluate(parsedExpression("net < \(edit.replacement) >", name: "fix"))
      else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var layers = recipe.network.layers
      // The new layers point at the text they replace, so later fixes and findings land there:
      // layer for layer when the count is the same, else all at the whole replaced text.
      let replaced = Array(layers[covered])
      let place = replaced.first!.range.to(replaced.last!.range)
      layers.replaceSubrange(
        covered,
        with: replacement.layers.enumerated().map { i, layer in
          let range = replacement.layers.count == replaced.count ? replaced[i].range : place
          return NetworkValue.Layer(name: layer.name, arguments: layer.arguments, range: range)
        })
      return .network(NetworkValue(layers: layers, range: recipe.network.range))
    } else {
      guard case .command(let call) = try parsedExpression("train \(fix.text)", name: "fix").kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var options: [String: (value: Value, range: SourceRange)] = [:]
      for argument in call.arguments {
        guard let label = argument.label else {
          throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
        }
        let vocabulary = CommandCatalog.spec(for: .train)?.option(label.text)?.vocabulary
        let value = try evaluate(argument.value, words: vocabulary)
        options[label.text] = (value, recipe.options.values[label.text]?.range ?? recipe.range)
      }
      return .options(options)
    }
  }

  /// The layers whose text lies inside the edit's range: one layer, or the whole stack.
  private static func layersCovered(by edit: Fix.Edit, in network: NetworkValue) -> Range<Int>? {
    let inside = network.layers.indices.filter { index in
      let range = network.layers[index].range
      return range.file === edit.range.file && range.start >= edit.range.start && range.end <= edit.range.end
    }
    guard let first = inside.first, let last = inside.last, inside.count == last - first + 1 else { return nil }
    return first..<last + 1
  }

  private func parsedExpression(_ text: String, name: String) throws -> Expr {
    let program = Parser.parse(SourceFile(name: name, text: text))
    guard program.diagnostics.isEmpty, case .expression(let expr) = program.statements.first?.kind else {
      throw Diagnostic(error: "cannot apply '\(text)'", at: nil)
    }
    return expr
  }
}
